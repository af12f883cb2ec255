import Mustache

// Direct lookups for the template engine, which otherwise finds each value by reflection (Mirror),
// the slowest part of rendering a page. Each lists exactly the stored properties of its context
// (TemplateContextTests checks that none is missing).

extension SiteContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "organization": return organization
        case "baseURL": return baseURL
        case "home": return home
        case "assets": return assets
        case "asOf": return asOf
        case "language": return language
        case "isRightToLeft": return isRightToLeft
        case "t": return t
        default: return nil
        }
    }
}

extension PageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "documentTitle": return documentTitle
        case "canonicalURL": return canonicalURL
        case "description": return description
        case "isIndex": return isIndex
        case "isPolicy": return isPolicy
        case "isHistory": return isHistory
        case "alternates": return alternates
        case "languages": return languages
        case "hasLanguages": return hasLanguages
        default: return nil
        }
    }
}

extension LanguageLinkContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "language": return language
        case "name": return self.name
        case "url": return url
        case "isCurrent": return isCurrent
        default: return nil
        }
    }
}

extension DayContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "iso": return iso
        case "long": return long
        case "time": return time
        default: return nil
        }
    }
}

extension VersionContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "segment": return segment
        case "url": return url
        case "permalink": return permalink
        case "effective": return effective
        case "published": return published
        case "status": return status
        case "statusLabel": return statusLabel
        case "isCurrent": return isCurrent
        case "isUpcoming": return isUpcoming
        case "isSuperseded": return isSuperseded
        case "summary": return summary
        case "material": return material
        case "editorial": return editorial
        case "noticeWaived": return noticeWaived
        case "changesURL": return changesURL
        case "previousLabel": return previousLabel
        case "corrections": return corrections
        case "inserted": return inserted
        case "compareWithCurrentURL": return compareWithCurrentURL
        case "compareWithUpcomingURL": return compareWithUpcomingURL
        default: return nil
        }
    }
}

extension CorrectionContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "day": return day
        case "reason": return reason
        default: return nil
        }
    }
}

extension PolicyContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": return id
        case "title": return title
        case "description": return description
        case "url": return url
        case "historyURL": return historyURL
        case "current": return current
        case "upcoming": return upcoming
        case "versionCount": return versionCount
        default: return nil
        }
    }
}

extension IndexPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "t": return site.t
        case "page": return page
        case "policies": return policies
        case "hasPolicies": return hasPolicies
        default: return nil
        }
    }
}

extension PolicyPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "t": return site.t
        case "page": return page
        case "policy": return policy
        case "version": return version
        case "titleHTML": return titleHTML
        case "body": return body
        case "upcoming": return upcoming
        case "contents": return contents
        case "hasContents": return hasContents
        case "translationNote": return translationNote
        case "textLanguage": return textLanguage
        default: return nil
        }
    }
}

extension HistoryPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "t": return site.t
        case "page": return page
        case "policy": return policy
        case "versions": return versions
        default: return nil
        }
    }
}

extension VersionPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "t": return site.t
        case "page": return page
        case "policy": return policy
        case "version": return version
        case "titleHTML": return titleHTML
        case "body": return body
        case "successor": return successor
        case "featured": return featured
        case "contents": return contents
        case "hasContents": return hasContents
        case "translationNote": return translationNote
        case "textLanguage": return textLanguage
        default: return nil
        }
    }
}

extension ContentsEntryContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "url": return url
        case "children": return children
        case "hasChildren": return hasChildren
        default: return nil
        }
    }
}

extension ChangesPageContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "t": return site.t
        case "page": return page
        case "policy": return policy
        case "version": return version
        case "previous": return previous
        case "changes": return changes
        case "redline": return redline
        case "changesOnly": return changesOnly
        case "isComparison": return isComparison
        default: return nil
        }
    }
}

extension ChangeSummaryContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "sectionsAdded": return sectionsAdded
        case "sectionsRemoved": return sectionsRemoved
        case "sectionsChanged": return sectionsChanged
        case "hasSections": return hasSections
        case "wordsInserted": return wordsInserted
        case "wordsDeleted": return wordsDeleted
        case "isUnchanged": return isUnchanged
        default: return nil
        }
    }
}
