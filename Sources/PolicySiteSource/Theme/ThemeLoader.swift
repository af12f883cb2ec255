import Crypto
import Foundation
import Mustache
import PolicySiteModel
import PolicySiteSupport

/// Assembles a theme: the built-in default theme, overridden file by file by `themes/<name>/`.
package enum ThemeLoader {
    /// A theme file and the name to give it in messages.
    struct ThemeFile {
        var data: Data
        var displayPath: String
    }

    /// Reads the theme `config` names through `access` (the site's sources, by default with the
    /// output folder of `config`), adding every problem to `diagnostics`; the theme, when none of
    /// its problems is an error.
    package static func load(_ config: SiteConfig, paths: SitePaths, access: SourceAccess? = nil, _ diagnostics: inout Diagnostics) -> Theme? {
        let access = access ?? SourceAccess(paths: paths, config: config)
        var files: [String: ThemeFile] = [:]
        let builtIn = BuiltInTheme.files
        for (path, data) in builtIn {
            files[path] = ThemeFile(data: data, displayPath: "built-in theme: \(path)")
        }
        // This theme's own problems: whether it loads does not depend on what the caller found before.
        var problems = Diagnostics()
        defer { diagnostics.add(problems) }
        var own: [String: ThemeFile] = [:]
        if let folder = folder(of: config, access, &problems) {
            for item in access.files(below: folder, &problems) {
                if let data = access.contents(of: item, &problems) {
                    let file = ThemeFile(data: data, displayPath: paths.display(item.relative))
                    files[String(item.relative.dropFirst(folder.relative.count + 1))] = file
                    own[String(item.relative.dropFirst(folder.relative.count + 1))] = file
                }
            }
        } else if problems.isEmpty && config.theme != "default" {
            problems.error(paths.display(SiteConfig.fileName), line: config.keyLines["theme"],
                           "unknown theme '\(config.theme)': there is no folder themes/\(config.theme)/ (leave 'theme' out for the built-in default theme)")
            return nil
        }

        ThemeHTMLContentType.register()
        var library = MustacheLibrary()
        var sources: [String: (tags: [TemplateTags.Tag], file: ThemeFile)] = [:]
        // Templates that could not be read or parsed: each has its one error, and nothing that
        // refers to them adds another.
        var broken: Set<String> = []
        for (path, file) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("templates/") && path.hasSuffix(".mustache") {
            let name = String(path.dropFirst("templates/".count).dropLast(".mustache".count))
            switch SourceText.decode(file.data, displayPath: file.displayPath, &problems) {
            case nil:
                broken.insert(name)
            case let source?:
                // The engine parses and renders sections by recursion: nesting is bounded before
                // it sees the text (an unclosed section repeated thousands of times is nesting too).
                let tags = TemplateTags.scan(source.text)
                if let deep = TemplateTags.depthProblem(tags) {
                    problems.error(file.displayPath, line: deep.line, TemplateTags.depthMessage(deep.depth))
                    broken.insert(name)
                    continue
                }
                do {
                    // The pragma stands on the template's first line, so parser line numbers stay right.
                    let pragma = Theme.textTemplates.contains(name) ? "{{% CONTENT_TYPE: TEXT}}" : ThemeHTMLContentType.pragma
                    library.register(try MustacheTemplate(string: pragma + source.text), named: name)
                    sources[name] = (tags, file)
                } catch {
                    let (line, message) = TemplateTags.parseProblem(error, in: source.text)
                    problems.error(file.displayPath, line: line, "the template does not parse: \(message)")
                    broken.insert(name)
                }
            }
        }
        for name in Theme.pageTemplates + Theme.emailTemplates where sources[name] == nil && !broken.contains(name) {
            problems.error(paths.display("themes/\(config.theme)"), "the theme has no templates/\(name).mustache")
        }
        for source in sources.values.sorted(by: { $0.file.displayPath < $1.file.displayPath }) {
            for reference in source.tags where reference.isInclude && sources[reference.name] == nil && !broken.contains(reference.name) {
                problems.error(source.file.displayPath, line: reference.line, "the template refers to '\(reference.name)', which the theme does not have (templates/\(reference.name).mustache); correct the name, or add that template to themes/\(config.theme)/templates/")
            }
        }
        let graph = sources.mapValues { (tags: $0.tags, displayPath: $0.file.displayPath) }
        if !addCycleProblems(graph, &problems) { addIncludedDepthProblems(graph, &problems) }
        let assets = files.filter { $0.key.hasPrefix("assets/") }.map { (path: $0.key, data: $0.value.data) }.sorted { $0.path < $1.path }
        let catalogs = ThemeCatalogs.read(builtIn: builtIn, theme: own, &problems)
        let emailStrings = EmailStrings(catalogs: catalogs.email, &problems)
        guard !problems.hasErrors else { return nil }
        let theme = Theme(name: config.theme, templates: library, assets: assets, fingerprint: fingerprint(of: files), catalogs: catalogs.pages, emailStrings: emailStrings)
        for language in config.languages where !theme.hasCatalog(language) {
            problems.warning(paths.display(SiteConfig.fileName), line: config.keyLines["languages"],
                             "the theme has no strings in '\(language)' (i18n/\(language).yml); its pages use the \(config.defaultLanguage) strings. Add themes/\(config.theme)/i18n/\(language).yml with the keys of the built-in theme's en.yml")
        }
        return theme
    }

    /// The SHA-256 of every file of the theme, built-in ones included, by path: what the build's
    /// cache keys pages by, so that a changed template or asset changes every page's key.
    private static func fingerprint(of files: [String: ThemeFile]) -> String {
        var hasher = SHA256()
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            hasher.update(data: Data("\(path.utf8.count):\(path)\(file.data.count):".utf8))
            hasher.update(data: file.data)
        }
        return Hex.encode(hasher.finalize())
    }

    /// `themes/<name>/`; nil when there is no such folder, or when looking for it failed (the
    /// problem added to `diagnostics`).
    private static func folder(of config: SiteConfig, _ access: SourceAccess, _ diagnostics: inout Diagnostics) -> SourceAccess.Item? {
        guard let themes = access.item("themes", &diagnostics), themes.kind == .folder else { return nil }
        return access.item(config.theme, in: themes, &diagnostics).flatMap { $0.kind == .folder ? $0 : nil }
    }

    /// Templates that include each other in a cycle, or themselves, which no render could finish:
    /// one error per cycle, at the include in its first template by name. True when it found one.
    @discardableResult
    static func addCycleProblems(_ templates: [String: (tags: [TemplateTags.Tag], displayPath: String)], _ diagnostics: inout Diagnostics) -> Bool {
        var found = false
        var reported: Set<[String]> = []
        walkIncludes(templates, cycle: { path, name in
            guard let start = path.firstIndex(of: name) else { return }
            var cycle = Array(path[start...])
            let first = cycle.indices.min { cycle[$0] < cycle[$1] } ?? 0
            cycle = Array(cycle[first...] + cycle[..<first])
            guard reported.insert(cycle).inserted, let template = templates[cycle[0]] else { return }
            let next = cycle.count > 1 ? cycle[1] : cycle[0]
            let line = template.tags.first { $0.isInclude && $0.name == next }?.line
            let chain = (cycle + [cycle[0]]).joined(separator: " -> ")
            let message = cycle.count == 1
                ? "the template includes itself: \(chain); remove that include, since rendering it would never end"
                : "the templates include each other in a cycle: \(chain); break the cycle, since rendering it would never end"
            diagnostics.error(template.displayPath, line: line, message)
            found = true
        }, finish: { _ in })
        return found
    }

    /// Follows the includes depth first from each template in name order, on a stack of its own
    /// rather than by recursion: a theme may chain thousands of templates. `cycle` is told of an
    /// include of a template already on the path (given with the path); `finish` is told of a
    /// template once every template it includes is finished (or on the path).
    private static func walkIncludes(_ templates: [String: (tags: [TemplateTags.Tag], displayPath: String)],
                                     cycle: (_ path: [String], _ name: String) -> Void, finish: (String) -> Void) {
        var finished: Set<String> = []
        for root in templates.keys.sorted() where !finished.contains(root) {
            var path = [root]
            var onPath: Set<String> = [root]
            // For each template on the path, the index of its next tag to look at.
            var positions = [0]
            while let name = path.last {
                let tags = templates[name]?.tags ?? []
                var index = positions[positions.count - 1]
                while index < tags.count, !tags[index].isInclude { index += 1 }
                guard index < tags.count else {
                    path.removeLast()
                    positions.removeLast()
                    onPath.remove(name)
                    finished.insert(name)
                    finish(name)
                    continue
                }
                positions[positions.count - 1] = index + 1
                let target = tags[index].name
                if onPath.contains(target) {
                    cycle(path, target)
                } else if !finished.contains(target), templates[target] != nil {
                    path.append(target)
                    positions.append(0)
                    onPath.insert(target)
                }
            }
        }
    }

    /// Templates whose sections, counted with those of the templates they include, nest deeper
    /// than `TemplateTags.maximumDepth`: rendering follows them by recursion. One error per
    /// chain, at the include in the template where the depth first goes over (a template that
    /// includes that one is not reported again). The templates must include no cycle.
    static func addIncludedDepthProblems(_ templates: [String: (tags: [TemplateTags.Tag], displayPath: String)], _ diagnostics: inout Diagnostics) {
        // The deepest nesting of each template with its includes, and the include that reaches
        // it. An include counts as a level too: the engine renders it by recursion.
        var deepest: [String: (depth: Int, line: Int?, through: String?)] = [:]
        walkIncludes(templates, cycle: { _, _ in }, finish: { name in
            var result: (depth: Int, line: Int?, through: String?) = (0, nil, nil)
            var depth = 0
            for tag in templates[name]?.tags ?? [] {
                if tag.opens { depth += 1 } else if tag.marker == "/" { depth = max(0, depth - 1) }
                var reached = depth
                if tag.isInclude { reached += (tag.marker == ">" ? 1 : 0) + (deepest[tag.name]?.depth ?? 0) }
                if reached > result.depth { result = (reached, tag.line, tag.isInclude ? tag.name : nil) }
            }
            deepest[name] = result
        })
        // Where the depth goes over in a template whose includes stay within: one error for each
        // template included there (the layout that every page includes is reported once).
        var reported: Set<String> = []
        for name in templates.keys.sorted() {
            guard let template = templates[name], let found = deepest[name], found.depth > TemplateTags.maximumDepth,
                  let through = found.through, (deepest[through]?.depth ?? 0) <= TemplateTags.maximumDepth,
                  reported.insert(through).inserted else { continue }
            var chain = [name]
            var next: String? = through
            while let current = next, chain.count <= templates.count {
                chain.append(current)
                next = deepest[current]?.through
            }
            if chain.count > 6 { chain = chain.prefix(3) + ["... (\(chain.count - 5) more)"] + chain.suffix(2) }
            diagnostics.error(template.displayPath, line: found.line,
                              TemplateTags.depthMessage(found.depth, through: chain.joined(separator: " -> ")))
        }
    }
}

/// The tags of a template that say how it is put together: sections, blocks, partials (`{{> name}}`)
/// and parents (`{{< name}}`), found by a plain scan that follows delimiter changes, so that includes
/// and nesting are known before anything is rendered.
enum TemplateTags {
    struct Tag: Sendable {
        /// `#`, `^`, `$`, `<` (each opens a section), `/` (closes one), or `>` (a partial).
        var marker: Character
        var name: String
        var line: Int

        /// A partial or a parent: another template, included.
        var isInclude: Bool { marker == ">" || marker == "<" }
        var opens: Bool { "#^$<".contains(marker) }
    }

    static func scan(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var (open, close) = ("{{", "}}")
        var line = 1
        var rest = text[...]
        func newlines(_ part: Substring) -> Int { part.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
        while let start = rest.range(of: open) {
            line += newlines(rest[..<start.lowerBound])
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: close) else { break }
            let content = rest[..<end.lowerBound]
            let tagLine = line
            line += newlines(content)
            rest = rest[end.upperBound...]
            if content.first == "{" && rest.first == "}" { rest = rest.dropFirst() }
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            guard let marker = trimmed.first else { continue }
            if marker == "=" && trimmed.count > 1 && trimmed.hasSuffix("=") {
                let parts = trimmed.dropFirst().dropLast().split(whereSeparator: \.isWhitespace)
                if parts.count == 2 { (open, close) = (String(parts[0]), String(parts[1])) }
            } else if "#^$</>".contains(marker) {
                let name = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { tags.append(Tag(marker: marker, name: name, line: tagLine)) }
            }
        }
        return tags
    }

    /// How deep sections may nest, counted with those of included templates: the template
    /// engine parses and renders them by recursion, and a few hundred levels overflow the stack
    /// of a worker thread. Real themes nest a handful.
    static let maximumDepth = 100

    /// The deepest nesting of sections in a template and the line of the tag that first goes
    /// over `maximumDepth`; nil when it stays within. Unclosed sections count as still open.
    static func depthProblem(_ tags: [Tag]) -> (line: Int, depth: Int)? {
        var depth = 0
        var deepest = 0
        var firstOver: Int?
        for tag in tags {
            if tag.opens {
                depth += 1
                deepest = max(deepest, depth)
                if depth > maximumDepth && firstOver == nil { firstOver = tag.line }
            } else if tag.marker == "/" {
                depth = max(0, depth - 1)
            }
        }
        return firstOver.map { ($0, deepest) }
    }

    /// The message for sections nested `depth` deep: from the tag it points at on, or through
    /// the chain of templates included there.
    static func depthMessage(_ depth: Int, through chain: String? = nil) -> String {
        if let chain {
            return "sections and includes nested \(depth) deep here, counting those of the templates included (\(chain)); at most \(maximumDepth): nest them less deep"
        }
        return "sections nested \(depth) deep from here on; at most \(maximumDepth): nest them less deep, and close each section that is left open"
    }

    /// Where the sections of a template are not closed in order, in plain words.
    static func nestingProblem(_ tags: [Tag]) -> (line: Int, message: String)? {
        var open: [Tag] = []
        for tag in tags {
            if tag.opens {
                open.append(tag)
            } else if tag.marker == "/" {
                guard let last = open.popLast() else {
                    return (tag.line, "{{/\(tag.name)}} closes a section that is not open; remove it, or open the section before it with {{#\(tag.name)}}")
                }
                if last.name != tag.name {
                    return (tag.line, "{{/\(tag.name)}} does not close the section that is open here, {{\(last.marker)\(last.name)}} from line \(last.line); close sections innermost first, each with its own name")
                }
            }
        }
        return open.last.map { ($0.line, "{{\($0.marker)\($0.name)}} is never closed; add {{/\($0.name)}} where the section ends") }
    }

    /// A template engine's parse error in plain words: the line and what is wrong, and what to do.
    static func parseProblem(_ error: any Error, in text: String) -> (line: Int?, message: String) {
        guard let parserError = error as? MustacheTemplate.ParserError else {
            return (nil, "check that every {{ has its }} and every section is closed")
        }
        // The engine stops where it gave up, which for an unfinished tag is the end of the text:
        // the tag at fault starts on the last line up to there that opens one.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let stop = min(parserError.context.lineNumber, lines.count)
        let line = (1...max(stop, 1)).reversed().first { $0 <= lines.count && lines[$0 - 1].contains("{{") } ?? parserError.context.lineNumber
        switch parserError.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?, .expectedSectionEnd?:
            if let problem = nestingProblem(scan(text)) { return (problem.line, problem.message) }
            return (line, "a section is not closed in order; close each {{#name}} with {{/name}}, innermost first")
        case .unfinishedName?:
            return (line, "a tag is not finished, or its name is not a name; write tags as {{name}}, names of letters, digits, '.', '-' and '_'")
        case .invalidSetDelimiter?:
            return (line, "a delimiter change is not well formed; write it as {{=<% %>=}}, two delimiters separated by a space")
        case .transformAppliedToInheritanceSection?:
            return (line, "a block inside {{<parent}} cannot apply a function to its name; use the plain name")
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return (line, "between {{<parent}} and {{/parent}} only blocks ({{$name}} ... {{/name}}) may stand; move the rest into a block")
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            return (line, "a {{% ...}} setting that the template engine does not know; remove it (policysite sets each template's content type itself)")
        case nil:
            return (line, "a tag is not finished before the template ends; check that every {{ has its }}")
        }
    }
}
