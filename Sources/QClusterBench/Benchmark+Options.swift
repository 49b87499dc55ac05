extension Benchmark {
    public struct Options: Sendable {
        public var tasks = 2_000
        public var workers = 2
        public var big = false
        /// Drains, each with a fresh cluster; the table gives the median round.
        public var rounds = 5
        /// The queue_limit of the second set of drains, after those with the shipped default
        /// (unset); nil: ``deepQueueLimit(workers:)``.
        public var queueLimit: Int?
        /// A PostgreSQL database to measure instead of a temporary LMDB file; it must hold no broker.
        public var brokerURL: String?
        public var executable: String

        public init(executable: String) {
            self.executable = executable
        }

        /// The deepest the default goes, fixed: 32 tasks per worker in flight, so that the
        /// monitor's commits carry many results each and still leave the workers fed through
        /// disk flushes, which a slow minute stretches.
        public static func deepQueueLimit(workers: Int) -> Int { 32 * workers }
    }
}
