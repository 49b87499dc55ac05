extension Benchmark {
    /// One measured figure.
    public struct Figure: Sendable {
        public var name: String
        public var value: Double
        public var unit: String
        public var target: String
        public var met: Bool?
    }
}
