import Foundation
import Mustache

/// Assembles a theme: the built-in default theme, overridden file by file by `themes/<name>/`.
enum ThemeLoader {
    /// A theme file and the name to give it in messages.
    struct ThemeFile {
        var data: Data
        var displayPath: String
    }

    /// Reads the theme `config` names through `access` (the site's sources, by default with the
    /// output folder of `config`). Every problem is collected; the theme exists when none is an error.
    static func load(_ config: SiteConfig, paths: SitePaths, access: SourceAccess? = nil) -> (Theme?, [Diagnostic]) {
        let access = access ?? SourceAccess(paths: paths, config: config)
        var files: [String: ThemeFile] = [:]
        for (path, data) in BuiltInTheme.files {
            files[path] = ThemeFile(data: data, displayPath: "built-in theme: \(path)")
        }
        var problems: [Diagnostic] = []
        switch folder(of: config, access) {
        case .failure(let problem):
            problems.append(problem)
        case .success(let folder?):
            let (items, listProblems) = access.files(below: folder)
            problems += listProblems
            for item in items {
                switch access.contents(of: item) {
                case .success(let data):
                    files[String(item.relative.dropFirst(folder.relative.count + 1))] = ThemeFile(data: data, displayPath: paths.display(item.relative))
                case .failure(let problem):
                    problems.append(problem)
                }
            }
        case .success(nil) where config.theme != "default":
            problems.append(.error(paths.display(SiteConfig.fileName), line: config.keyLines["theme"],
                                   "unknown theme '\(config.theme)': there is no folder themes/\(config.theme)/ (leave 'theme' out for the built-in default theme)"))
            return (nil, problems)
        case .success(nil):
            break
        }

        MustacheContentTypes.register(ThemeHTMLContentType(), named: ThemeHTMLContentType.name)
        var library = MustacheLibrary()
        var sources: [String: (tags: [TemplateTags.Tag], file: ThemeFile)] = [:]
        // Templates that could not be read or parsed: each has its one error, and nothing that
        // refers to them adds another.
        var broken: Set<String> = []
        for (path, file) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("templates/") && path.hasSuffix(".mustache") {
            let name = String(path.dropFirst("templates/".count).dropLast(".mustache".count))
            switch SourceText.decode(file.data, displayPath: file.displayPath) {
            case .failure(let problem):
                problems.append(problem)
                broken.insert(name)
            case .success(let source):
                do {
                    // The pragma stands on the template's first line, so parser line numbers stay right.
                    let pragma = Theme.textTemplates.contains(name) ? "{{% CONTENT_TYPE: TEXT}}" : ThemeHTMLContentType.pragma
                    library.register(try MustacheTemplate(string: pragma + source.text), named: name)
                    sources[name] = (TemplateTags.scan(source.text), file)
                } catch {
                    let (line, message) = TemplateTags.parseProblem(error, in: source.text)
                    problems.append(.error(file.displayPath, line: line, "the template does not parse: \(message)"))
                    broken.insert(name)
                }
            }
        }
        for name in Theme.pageTemplates + Theme.emailTemplates where sources[name] == nil && !broken.contains(name) {
            problems.append(.error(paths.display("themes/\(config.theme)"), "the theme has no templates/\(name).mustache"))
        }
        for source in sources.values.sorted(by: { $0.file.displayPath < $1.file.displayPath }) {
            for reference in source.tags where reference.isInclude && sources[reference.name] == nil && !broken.contains(reference.name) {
                problems.append(.error(source.file.displayPath, line: reference.line, "the template refers to '\(reference.name)', which the theme does not have (templates/\(reference.name).mustache); correct the name, or add that template to themes/\(config.theme)/templates/"))
            }
        }
        problems += cycleProblems(sources.mapValues { (tags: $0.tags, displayPath: $0.file.displayPath) })
        let assets = files.filter { $0.key.hasPrefix("assets/") }.map { (path: $0.key, data: $0.value.data) }.sorted { $0.path < $1.path }
        guard !problems.contains(where: \.isError) else { return (nil, problems) }
        return (Theme(name: config.theme, templates: library, assets: assets), problems)
    }

    /// `themes/<name>/`, nil when there is no such folder.
    private static func folder(of config: SiteConfig, _ access: SourceAccess) -> Result<SourceAccess.Item?, Diagnostic> {
        access.item("themes").flatMap { themes in
            guard let themes, themes.kind == .folder else { return .success(nil) }
            return access.item(config.theme, in: themes).map { $0?.kind == .folder ? $0 : nil }
        }
    }

    /// Templates that include each other in a cycle, or themselves, which no render could finish:
    /// one error per cycle, at the include in its first template by name.
    static func cycleProblems(_ templates: [String: (tags: [TemplateTags.Tag], displayPath: String)]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var finished: Set<String> = []
        var reported: Set<[String]> = []
        var path: [String] = []

        func visit(_ name: String) {
            if let start = path.firstIndex(of: name) {
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
                problems.append(.error(template.displayPath, line: line, message))
                return
            }
            guard !finished.contains(name), let template = templates[name] else { return }
            path.append(name)
            for tag in template.tags where tag.isInclude { visit(tag.name) }
            path.removeLast()
            finished.insert(name)
        }

        for name in templates.keys.sorted() { visit(name) }
        return problems
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
