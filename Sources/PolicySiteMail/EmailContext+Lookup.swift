import Mustache

// Direct lookups for the template engine, as for the page contexts (TemplateContexts+Lookup.swift):
// each lists exactly the stored properties of its context (TemplateContextTests checks that none
// is missing). A nil value is a missing one.

extension EmailContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "site": return site
        case "notice": return notice
        case "recipient": return recipient
        case "unsubscribe": return unsubscribe
        case "language": return language
        case "rightToLeft": return rightToLeft
        case "strings": return strings
        default: return nil
        }
    }
}

extension EmailStringsContext: MustacheParent {
    func child(named name: String) -> Any? {
        strings.render(name, language: language, html: html, values)
    }
}

extension EmailSiteContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "organization": return organization
        case "baseURL": return baseURL
        default: return nil
        }
    }
}

extension EmailNoticeContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "policy": return policy
        case "policyTitle": return policyTitle
        case "title": return title
        case "version": return version
        case "previousVersion": return previousVersion
        case "startingVersion": return startingVersion
        case "wordsInserted": return wordsInserted
        case "wordsDeleted": return wordsDeleted
        case "language": return language
        case "published": return published
        case "effective": return effective
        case "material": return material
        case "editorial": return editorial
        case "summary": return summary
        case "noticeWaived": return noticeWaived
        case "versionURL": return versionURL
        case "changesURL": return changesURL
        case "hasSections": return hasSections
        case "sectionsAdded": return sectionsAdded
        case "sectionsRemoved": return sectionsRemoved
        case "sectionsChanged": return sectionsChanged
        default: return nil
        }
    }
}

extension EmailDayContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "iso": return iso
        case "long": return long
        default: return nil
        }
    }
}

extension EmailRecipientContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "email": return email
        case "name": return self.name  // `self.`: the parameter is called `name` too
        case "locale": return locale
        default: return nil
        }
    }
}

extension EmailUnsubscribeContext: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "url": return url
        case "mailto": return mailto
        default: return nil
        }
    }
}
