import Glibc
import Hummingbird
import Logging
import NIOCore
import QCluster

/// `qctl web`: the dashboard and `/metrics` over one broker, behind the token.
public struct WebServer: Sendable {
    let listen: ListenAddress
    let configuration: Configuration
    let token: WebToken
    let broker: BrokerAccess

    /// Checks what it is given, opens the broker and finds the token; listens only in ``run()``.
    public init(listen: ListenAddress, configuration: Configuration) throws {
        if !listen.isLoopback, configuration.webToken == nil { throw WebError.tokenNeeded(address: listen.urlAuthority()) }
        self.listen = listen
        self.configuration = configuration
        self.broker = try BrokerAccess(configuration: configuration)
        self.token = try WebToken.resolve(configuration)
    }

    /// Serves until SIGINT or SIGTERM; prints the login link once it listens.
    public func run() async throws {
        var logger = Logger(label: "qctl-web")
        logger.logLevel = .warning
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: AccessMiddleware(token: token))
        router.add(middleware: ErrorPageMiddleware())
        DashboardAssets.add(to: router)
        ClusterRoutes(broker: broker, token: token).add(to: router)
        TaskRoutes(broker: broker, token: token, configuration: configuration).add(to: router)
        ScheduleRoutes(broker: broker, token: token, configuration: configuration).add(to: router)
        let metrics = MetricsCollector(broker: broker)
        MetricsRoute(collector: metrics).add(to: router)

        let listen = self.listen, token = self.token
        var application = Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let base = "http://\(listen.urlAuthority(port: port))"
                // The generated token is printed; a configured one is the user's to give.
                DescriptorWriter.write(
                    token.isGenerated ? "qctl web: open \(base)/login?token=\(token.value)\n"
                                      : "qctl web: serving \(base)/ (log in at \(base)/login?token= followed by web.token)\n",
                    to: STDOUT_FILENO)
            },
            logger: logger)
        application.addServices(ResultWatchService(collector: metrics))
        do {
            try await application.runService()
        } catch let error as IOError {
            throw WebError.cannotListen(address: listen.urlAuthority(), reason: String(cString: strerror(error.errnoCode)))
        }
    }
}
