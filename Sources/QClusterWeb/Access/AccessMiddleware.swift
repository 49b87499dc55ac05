import Hummingbird

/// Lets a request through only with the token: the login cookie that `/login?token=…` sets, or
/// `Authorization: Bearer TOKEN` (scripts, Prometheus); every other request gets 401. (A
/// posted form needs more: its `csrf` key, which ``ActionForm`` checks.)
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    static var cookieName: String { "qctl_web" }
    static var loginPath: String { "/login" }

    let token: WebToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == Self.loginPath { return login(request) }
        guard isAuthorized(request) else {
            return WebResponse.page(PageLayout.bare(title: "Log in", body: """
                <h1>Log in</h1>
                <p>Open the login link <code>qctl web</code> printed when it started, or send \
                <code>Authorization: Bearer TOKEN</code>.</p>
                """, assets: false), status: .unauthorized)
        }
        return try await next(request, context)
    }

    private func isAuthorized(_ request: Request) -> Bool {
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            return token.matches(String(authorization.dropFirst("Bearer ".count)))
        }
        return token.acceptsSession(request.cookies[Self.cookieName]?.value)
    }

    /// `/login?token=…`: the cookie, then the clusters page, whose address no longer holds the token.
    private func login(_ request: Request) -> Response {
        guard let candidate = request.uri.queryParameters["token"], token.matches(String(candidate)) else {
            return WebResponse.page(PageLayout.bare(title: "Log in", body: """
                <h1>Wrong token</h1><p>Use the login link <code>qctl web</code> printed when it started.</p>
                """, assets: false), status: .unauthorized)
        }
        var response = WebResponse.redirect(to: "/")
        response.setCookie(Cookie(name: Self.cookieName, value: token.sessionKey, path: "/", httpOnly: true, sameSite: .strict))
        return response
    }
}
