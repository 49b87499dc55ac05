import Hummingbird
import QCluster

/// Turns an error a user can act on (an unknown task, a running task to cancel, a broker that
/// is away) into a page that says it, with the status that fits, instead of a bare 500.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any UserFacingError {
            let status: HTTPResponse.Status = switch error.exitStatus {
            case .unavailable, .temporaryFailure: .serviceUnavailable
            case .dataError, .usage: .conflict
            default: .internalServerError
            }
            let back = request.method == .post ? (request.headers[.referer] ?? "/") : "/"
            return WebResponse.page(PageLayout.refusal(error.description, back: back, section: .clusters), status: status)
        }
    }
}
