/// The frame of every page: head, navigation, the stylesheet and the script (both served by
/// the dashboard itself: the Content-Security-Policy allows nothing else).
enum PageLayout {
    enum Section: String, CaseIterable {
        case clusters = "Clusters", tasks = "Tasks", schedules = "Schedules"

        var path: String {
            switch self {
            case .clusters: "/"
            case .tasks: "/tasks"
            case .schedules: "/schedules"
            }
        }
    }

    /// A page of the dashboard, with its navigation.
    static func page(title: String, section: Section, body: HTML) -> HTML {
        let links = HTML.joined(Section.allCases.map { item in
            item == section ? "<a href=\"\(item.path)\" aria-current=\"page\">\(item.rawValue)</a>" : "<a href=\"\(item.path)\">\(item.rawValue)</a>"
        }, separator: " ")
        return bare(title: title, body: """
            <nav><strong>qctl</strong> \(links) <a class="metrics" href="/metrics">Metrics</a></nav>
            <main>\(body)</main>
            """)
    }

    /// A page without navigation (log-in and errors). Without `assets` it loads nothing else:
    /// the page that asks for a login cannot load what needs one. The icon is an empty one
    /// written in the page, as a browser asks for /favicon.ico otherwise.
    static func bare(title: String, body: HTML, assets: Bool = true) -> HTML {
        let links: HTML = assets ? """
            <link rel="stylesheet" href="\(DashboardAssets.stylePath)">
            <script src="\(DashboardAssets.scriptPath)" defer></script>
            """ : .empty
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · qctl</title>
        <link rel="icon" href="data:,">
        \(links)
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// A button that posts a form to `action`, with the `csrf` field and `fields` hidden.
    static func button(_ label: String, action: String, token: WebToken, fields: [(String, String)] = [], style: String = "") -> HTML {
        let hidden = HTML.joined(fields.map { "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">" })
        return """
            <form method="post" action="\(action)" class="inline"><input type="hidden" name="csrf" value="\(token.formKey)">\(hidden)<button type="submit" class="\(style)">\(label)</button></form>
            """
    }

    /// A page saying why an action did nothing, with a way back.
    static func refusal(_ message: String, back: String, section: Section, title: String = "Not done") -> HTML {
        page(title: title, section: section, body: """
            <h1>\(title)</h1><p class="error" role="alert">\(message)</p><p><a href="\(back)" id="back">Back</a></p>
            """)
    }
}
