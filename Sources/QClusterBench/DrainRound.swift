/// One drain: N tasks queued, then a fresh cluster started to run them, timed from the end
/// of its start-up to the last result, between two measurements of the spawn limit.
struct DrainRound {
    var rate: Double
    var spawnLimit: Double
    var startup: Double
    /// What the monitor passed to write(2) and pwrite(2) over its life (/proc/PID/io).
    var monitorBytes: Int?
    /// How often the monitor gave up the CPU to wait, over its life (/proc/PID/status).
    var monitorWakeUps: Int?
    var ratio: Double { rate / spawnLimit }
}
