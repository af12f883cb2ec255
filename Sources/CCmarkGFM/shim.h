#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdbool.h>
#include <stdlib.h>

// What cmark-gfm.h writes as macros, which Swift does not import, as functions it does.

/// Whether nodes of `type` are blocks (paragraphs, lists, quotes, ...) rather than inlines:
/// `CMARK_NODE_TYPE_MASK` and `CMARK_NODE_TYPE_BLOCK`.
static inline bool policysite_cmark_node_type_is_block(cmark_node_type type) {
    return (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}
