import Hummingbird

/// A posted form: its fields, read once the `csrf` field proved that a page of this dashboard
/// sent it.
struct ActionForm: Sendable {
    let fields: [String: String]

    /// The form's fields, or nil when its `csrf` field is missing or wrong.
    static func read(_ request: Request, token: WebToken) async throws -> ActionForm? {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        guard let fields = try? URLEncodedFormDecoder().decode([String: String].self, from: text) else { return nil }
        guard token.acceptsForm(key: fields["csrf"]) else { return nil }
        return ActionForm(fields: fields)
    }

    /// The field's text, nil when missing or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name], !value.isEmpty else { return nil }
        return value
    }

    /// The response to a form whose `csrf` field is missing or wrong.
    static let forbidden = WebResponse.page(PageLayout.bare(title: "Refused", body: """
        <h1>Refused</h1><p>This form did not come from the dashboard's own page. Reload the page and try again.</p>
        """), status: .forbidden)
}
