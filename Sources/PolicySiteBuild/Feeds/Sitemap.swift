import PolicySiteModel
import PolicySiteSupport

/// `sitemap.xml` (sitemaps.org 0.9): every page, with the day it last changed. On a site with
/// several languages, every page in each language, each with its alternates in all of them
/// (`xhtml:link rel="alternate" hreflang`, as search engines read them).
enum Sitemap {
    /// `languages`: the record of each language, the default first; just `record` on a one-language site.
    static func xml(_ record: PublishedVersions, languages: [PublishedVersions] = []) -> String {
        let pages = folders(record)
        let others = languages.count > 1 ? languages : []
        let root = record.language.rootBaseURL
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\""
        xml += others.isEmpty ? ">\n" : " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        guard !others.isEmpty else {
            for page in pages {
                xml += "<url><loc>\(HTMLEscaping.attribute(record.config.baseURL + page.folder))</loc><lastmod>\(page.lastmod.iso)</lastmod></url>\n"
            }
            return xml + "</urlset>\n"
        }
        for page in pages {
            var alternates = ""
            for language in others {
                alternates += "<xhtml:link rel=\"alternate\" hreflang=\"\(HTMLEscaping.attribute(language.language.code))\" href=\"\(HTMLEscaping.attribute(language.config.baseURL + page.folder))\"/>"
            }
            alternates += "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(HTMLEscaping.attribute(root + page.folder))\"/>"
            for language in others {
                xml += "<url><loc>\(HTMLEscaping.attribute(language.config.baseURL + page.folder))</loc><lastmod>\(page.lastmod.iso)</lastmod>\(alternates)</url>\n"
            }
        }
        return xml + "</urlset>\n"
    }

    /// Every page's folder, relative to a language's base URL, with the day it last changed.
    private static func folders(_ record: PublishedVersions) -> [(folder: String, lastmod: CalendarDay)] {
        var pages: [(folder: String, lastmod: CalendarDay)] = []
        let listed = record.listed
        pages.append(("", listed.map(record.lastChange(ofPolicy:)).max() ?? record.asOf))
        for policy in listed {
            let id = record.timelines[policy].policy.id
            let day = record.lastChange(ofPolicy: policy)
            pages.append((SitePath.policy(id).folder, day))
            pages.append((SitePath.history(id).folder, day))
            for entry in record.entries(of: policy) {
                let segment = record.source(entry).segment
                pages.append((SitePath.version(id, segment).folder, record.lastChange(entry)))
                if record.changesURL(entry) != nil {
                    pages.append((SitePath.changes(id, segment).folder, record.source(entry).published))
                }
            }
            // What changed in the current and the upcoming version since each earlier one.
            let timeline = record.timelines[policy]
            for target in timeline.comparisonTargets {
                let day = record.lastChange(PublishedVersions.Entry(policy: policy, version: target))
                let segment = timeline.policy.versions[target].segment
                for from in timeline.comparisonSources(for: target) {
                    pages.append((SitePath.comparison(id, segment, from: timeline.policy.versions[from].segment).folder, day))
                }
            }
        }
        return pages
    }
}
