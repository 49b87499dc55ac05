import Testing

@testable import QCluster

@Suite("frames between cluster processes")
struct ClusterFrameTests {
    @Test("a status packet may carry several events, read back in order")
    func bundledStatus() {
        let task = TaskID()
        let finished = StatusEvent.taskFinished(pid: 42, tasksDone: 7, success: true, rssKiB: 12_000)
        let started = StatusEvent.taskStarted(pid: 42, task: task, name: "a-b-c-d", processGroup: 43, startedAt: 1_000, timeoutMilliseconds: 60_000, leaseDeadline: 91_000)
        #expect(StatusEvent.all(in: finished.encoded() + started.encoded()) == [finished, started])
        #expect(StatusEvent.all(in: started.encoded()) == [started])
        #expect(StatusEvent(started.encoded()) == started)
        let skipped = StatusEvent.taskSkipped(pid: 42, task: task)
        #expect(StatusEvent.all(in: finished.encoded() + skipped.encoded() + StatusEvent.inMemory(3).encoded()) == [finished, skipped, .inMemory(3)])
        let group = StatusEvent.taskGroup(pid: 42, processGroup: 4_000_000)
        #expect(StatusEvent.all(in: started.encoded() + group.encoded() + StatusEvent.taskDropped(pid: 42).encoded())
                == [started, group, .taskDropped(pid: 42)])
    }

    @Test("a truncated packet yields the events before the damage")
    func truncated() {
        let finished = StatusEvent.taskFinished(pid: 1, tasksDone: 1, success: false, rssKiB: 1)
        let started = StatusEvent.taskStarted(pid: 1, task: TaskID(), name: "n", processGroup: 2, startedAt: 3, timeoutMilliseconds: 4, leaseDeadline: 5)
        #expect(StatusEvent.all(in: finished.encoded() + started.encoded().dropLast(3)) == [finished])
        #expect(StatusEvent.all(in: []).isEmpty)
    }
}
