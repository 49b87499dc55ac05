import Hummingbird
import QCluster

/// Turns an error a user can act on (an unknown task, a running task to cancel, a broker that
/// is away) into a page that says it, with the status that fits, instead of a bare 500.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any UserFacingError {
            // Back to the part of the dashboard the request was in (browsers send no Referer
            // under the dashboard's Referrer-Policy).
            let section = PageLayout.Section.allCases.last { request.uri.path.hasPrefix($0.path) } ?? .clusters
            return WebResponse.refusal(error, back: section.path, section: section)
        }
    }
}
