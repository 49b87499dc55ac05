/// How a broker words and records the ends of tasks that people or limits decide, the same
/// whichever store stands behind it.
enum TaskEnding {
    /// The final result of a task given up after `attempt` deliveries: its last failure made
    /// final, else a failure saying no result came; with `killed`, recorded as killed.
    static func gaveUp(previous: TaskResult?, message: TaskMessage, attempt: Int, leasedAt: Int64, now: Int64, killed: Bool) -> TaskResult {
        var final: TaskResult
        let attempts = "\(attempt) attempt\(attempt == 1 ? "" : "s")"
        if var previous {
            previous.reason += previous.reason.isEmpty ? "" : "; "
            previous.reason += "gave up after \(attempts)"
            final = previous
        } else {
            final = TaskResult(
                message: message, startedAtMilliseconds: leasedAt, stoppedAtMilliseconds: now, exitCode: nil, success: false,
                attempts: attempt, reason: "no result within the lease (worker or cluster died); gave up after \(attempts)")
        }
        if killed {
            final.interruption = .killed
            final.reason = "killed (qctl kill) after its cluster lost it"
        }
        return final
    }

    /// The result of a task a person ended before it ran (cancel, or kill while it waited for
    /// a retry): what its last attempt printed, and why it failed, stay visible.
    static func endedByPerson(_ status: TaskStatus, as interruption: TaskResult.Interruption, reason: String, now: Int64) -> TaskResult {
        var result = TaskResult.notRun(status.message, attempts: status.attempts, reason: reason, at: now)
        if status.isWaitingForRetry, let failure = status.pendingFailure {
            result = failure
            result.reason = failure.reason + "; " + reason
            result.retryAtMilliseconds = 0
        }
        result.interruption = interruption
        return result
    }

    /// A result marked killed by `qctl kill`: final whatever its retries, and said so.
    static func killed(_ result: TaskResult) -> TaskResult {
        var killed = result
        killed.isFinal = true
        killed.interruption = .killed
        killed.retryAtMilliseconds = 0
        killed.reason = result.reason.isEmpty ? "killed (qctl kill)" : "killed (qctl kill): " + result.reason
        return killed
    }

    /// Whether `status` is a task that has not started: queued, or leased while it waits for a retry.
    static func isCancellable(_ status: TaskStatus) -> Bool {
        switch status {
        case .queued: return true
        case .leased: return status.isWaitingForRetry
        case .finished: return false
        }
    }

    /// Why `status` cannot be cancelled, for ``ControlError/wrongState(task:state:advice:)``.
    static func cancelRefusal(_ status: TaskStatus) -> ControlError {
        let advice = status.isRunning ? "qctl kill stops a running task" : "only a queued task, or one waiting for a retry, can be cancelled"
        return .wrongState(task: status.message.name, state: stateWord(status), advice: advice)
    }

    /// The state a person reads in a refusal.
    static func stateWord(_ status: TaskStatus) -> String {
        switch status {
        case .queued: return "queued"
        case .leased: return status.isWaitingForRetry ? "waiting for a retry" : "running"
        case let .finished(result): return result.interruption?.word ?? (result.success ? "finished (success)" : "finished (failed)")
        }
    }

    /// Whether a finished task is one a group's or cluster's rerun takes: a final failure that
    /// was neither cancelled nor killed and not run again yet.
    static func isRerunCandidate(_ result: TaskResult) -> Bool {
        result.isFinal && !result.success && result.interruption == nil && result.rerunAs == nil
    }

    /// A new task like `original`'s, linked to it; nil when it no longer fits a message.
    static func rerunCopy(of original: TaskResult, now: Int64) -> TaskMessage? {
        var copy = original.message
        copy.id = TaskID()
        copy.enqueuedAtMilliseconds = now
        copy.rerunOf = original.id
        return copy.encodedSize <= TaskMessage.maximumEncodedSize ? copy : nil
    }

    /// The reason the tasks that run after a task that did not succeed are cancelled with.
    static func dependantCancelReason(after result: TaskResult, id: TaskID) -> String {
        let what = result.interruption.map { "was \($0.word)" } ?? "failed (\(result.reason))"
        return "cancelled: it runs after \(result.message.name) (\(id.hex.prefix(8))), which \(what)"
    }

    /// The reason passed down a chain: the task `message` (cancelled itself) ends those after it.
    static func chainCancelReason(after message: TaskMessage, id: TaskID) -> String {
        "cancelled: it runs after \(message.name) (\(id.hex.prefix(8))), which was cancelled"
    }

    /// Refuses a batch with a task no cluster could hand to a worker. Commands check this with
    /// the input's line number; a library caller is held to it here.
    static func refuseTooLarge(_ messages: [TaskMessage]) throws(BrokerError) {
        for message in messages {
            let size = message.encodedSize
            if size > TaskMessage.maximumEncodedSize { throw .taskTooLarge(id: message.id, size: size) }
        }
    }

    /// The message a rejected lease records: why the task must never run, or nil when it may.
    static func leaseRefusal(body: [UInt8]?, message: TaskMessage?) -> String? {
        guard let body, message != nil else { return "bad signature: not run (signed with another secret key, or altered)" }
        // Enqueue refuses such a task; one written otherwise (by an older qctl, or by hand)
        // would not fit the packet that carries it to a worker and would come back after every
        // lease, holding a place of queue_limit each time.
        return body.count > TaskMessage.maximumEncodedSize ? "too large to run: " + TaskInputError.tooLarge(size: body.count).description : nil
    }
}
