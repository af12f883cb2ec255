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
        var sources: [String: (text: String, file: ThemeFile)] = [:]
        for (path, file) in files.sorted(by: { $0.key < $1.key }) where path.hasPrefix("templates/") && path.hasSuffix(".mustache") {
            let name = String(path.dropFirst("templates/".count).dropLast(".mustache".count))
            switch SourceText.decode(file.data, displayPath: file.displayPath) {
            case .failure(let problem):
                problems.append(problem)
            case .success(let source):
                do {
                    // The pragma stands on the template's first line, so parser line numbers stay right.
                    let pragma = Theme.textTemplates.contains(name) ? "{{% CONTENT_TYPE: TEXT}}" : ThemeHTMLContentType.pragma
                    library.register(try MustacheTemplate(string: pragma + source.text), named: name)
                    sources[name] = (source.text, file)
                } catch let error as MustacheTemplate.ParserError {
                    problems.append(.error(file.displayPath, line: error.context.lineNumber, "the template does not parse: \(error.error)"))
                } catch {
                    problems.append(.error(file.displayPath, "the template does not parse: \(error)"))
                }
            }
        }
        for name in Theme.pageTemplates + Theme.emailTemplates where sources[name] == nil && !problems.contains(where: { $0.path.hasSuffix("templates/\(name).mustache") }) {
            problems.append(.error(paths.display("themes/\(config.theme)"), "the theme has no templates/\(name).mustache"))
        }
        for source in sources.values.sorted(by: { $0.file.displayPath < $1.file.displayPath }) {
            for reference in TemplateReferences.find(in: source.text) where sources[reference.name] == nil {
                problems.append(.error(source.file.displayPath, line: reference.line, "the template refers to '\(reference.name)', which the theme does not have (templates/\(reference.name).mustache)"))
            }
        }
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
}

/// The partials (`{{> name}}`) and parents (`{{< name}}`) a template refers to.
enum TemplateReferences {
    struct Reference {
        var name: String
        var line: Int
    }

    static func find(in text: String) -> [Reference] {
        var references: [Reference] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let open = rest.range(of: "{{") {
                rest = rest[open.upperBound...]
                let trimmed = rest.drop { $0 == " " }
                guard let marker = trimmed.first, marker == ">" || marker == "<" else { continue }
                let name = trimmed.dropFirst().drop { $0 == " " }.prefix { $0 != "}" && $0 != " " }
                if !name.isEmpty { references.append(Reference(name: String(name), line: offset + 1)) }
            }
        }
        return references
    }
}
