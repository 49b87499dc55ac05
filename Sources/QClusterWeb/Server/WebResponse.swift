import Hummingbird
import QCluster

/// The responses the dashboard sends: pages, redirects after a form, plain errors.
enum WebResponse {
    static func page(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: html.text)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// After a form: back to a page (303, so that reloading it does not post again).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A page saying why an action did nothing, or what was not found, with a way back.
    static func refusal(_ error: any UserFacingError, back: String, section: PageLayout.Section) -> Response {
        let status = status(of: error)
        return page(PageLayout.refusal(error.description, back: back, section: section, title: status == .notFound ? "Not found" : "Not done"),
                    status: status)
    }

    /// The status that fits an error: 404 for an unknown task or schedule, 400 for a name no
    /// task or schedule can have, 409 for an action the task's state refuses, 503 while the
    /// broker is away.
    static func status(of error: any UserFacingError) -> HTTPResponse.Status {
        switch error {
        case BrokerError.unknownTask, ControlError.unknownTask, ScheduleError.unknown: return .notFound
        case ScheduleError.badName: return .badRequest
        default: break
        }
        return switch error.exitStatus {
        case .unavailable, .temporaryFailure: .serviceUnavailable
        case .dataError, .usage: .conflict
        default: .internalServerError
        }
    }
}
