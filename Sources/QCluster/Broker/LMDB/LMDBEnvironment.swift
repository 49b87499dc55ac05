import CLMDB
import FoundationEssentials
import Glibc
import Synchronization

/// One LMDB environment (a single file plus its `-lock` file), opened once per process.
///
/// This folder is the only place that touches LMDB's C API. Transactions are synchronous
/// closures: LMDB ties a write transaction to one OS thread, so nothing may `await` inside one.
/// Growing the map needs every transaction of this process closed, so transactions hold a
/// shared lock and a resize takes it exclusively.
package final class LMDBEnvironment: @unchecked Sendable {
    private let env: OpaquePointer
    private let resizeLock = ReadWriteLock()
    let path: String
    /// How often (at most) the pages of the map this process touched are unmapped again; see
    /// ``releaseMappedPagesIfDue()``. Zero looks after every transaction.
    let mappedPagesReleaseNanoseconds = Atomic<UInt64>(100_000_000)
    /// How much this process's RSS must have grown since the last release for the next one: a
    /// process that keeps touching the same few pages (an idle cluster's reads) leaves them mapped.
    let mappedPagesReleaseGrowthKiB = Atomic<Int>(1_024)
    /// Starts at the opening, so a short-lived command never pays for a release.
    private let mappedPagesReleasedAt = Atomic<UInt64>(Clock.monotonicNanoseconds())
    /// Whether a transaction ran since the last release: an idle process skips the system call.
    private let mappedPagesTouched = Atomic<Bool>(false)
    private let releaseState = Mutex(ReleaseState())

    private struct ReleaseState {
        /// Where the map starts (LMDB does not say: `me_mapaddr` is only set with MDB_FIXEDMAP):
        /// nil until looked up, 0 when not found; a resize moves the map, so it forgets it.
        var mapStart: UInt?
        /// This process's RSS, opened at the first release that looks at it.
        var memory: ResidentMemory?
        /// RSS in KiB right after the last release.
        var residentAfterRelease = 0
    }

    /// Opens (creating it when missing) the environment at `path`.
    ///
    /// - Parameters:
    ///   - mapSize: the initial map size; it doubles on demand.
    ///   - maxDatabases: how many named databases may be opened.
    init(path: String, mapSize: Int, maxDatabases: Int, readOnly: Bool = false) throws(LMDBError) {
        var env: OpaquePointer?
        try lmdbCheck(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(code: ENOMEM, operation: "mdb_env_create") }
        do {
            try lmdbCheck(mdb_env_set_maxdbs(env, MDB_dbi(maxDatabases)), "mdb_env_set_maxdbs")
            try lmdbCheck(mdb_env_set_maxreaders(env, 1022), "mdb_env_set_maxreaders")
            try lmdbCheck(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
            var flags = UInt32(MDB_NOSUBDIR) | UInt32(MDB_NOTLS)
            if readOnly { flags |= UInt32(MDB_RDONLY) }
            try lmdbCheck(mdb_env_open(env, path, flags, 0o600), "open \(path)")
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.env = env
        self.path = path
        // Free the reader slots of processes that died mid-read, so they cannot pin old pages.
        var dead: Int32 = 0
        _ = mdb_reader_check(env, &dead)
    }

    deinit {
        mdb_env_close(env)
    }

    /// Environments already open in this process, by real path. LMDB forbids opening one file
    /// twice in a process (closing the second breaks the first's locks), so every broker handle
    /// on a file shares one environment, open until the process ends.
    private static let open = Mutex<[String: LMDBEnvironment]>([:])

    /// The environment for `path`, opened once per process.
    package static func shared(path: String, mapSize: Int, maxDatabases: Int) throws(LMDBError) -> LMDBEnvironment {
        let key = realPath(path)
        let result: Result<LMDBEnvironment, LMDBError> = open.withLock { environments in
            if let existing = environments[key] { return .success(existing) }
            do throws(LMDBError) {
                let environment = try LMDBEnvironment(path: path, mapSize: mapSize, maxDatabases: maxDatabases)
                environments[key] = environment
                return .success(environment)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// `path` with symbolic links resolved (realpath(3)), also for a file not created yet: its
    /// folder's real path and its name.
    private static func realPath(_ path: String) -> String {
        func resolved(_ path: String) -> String? {
            guard let pointer = realpath(path, nil) else { return nil }
            defer { free(pointer) }
            return String(cString: pointer)
        }
        if let real = resolved(path) { return real }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return resolved(folder).map { ($0 == "/" ? "" : $0) + path[slash...] } ?? path
    }

    /// Opens the named databases, creating the missing ones.
    ///
    /// A read transaction is tried first so that opening an existing broker costs no durable
    /// commit; only a new (or older) file needs the write transaction that creates them.
    package func openDatabases(_ names: [String]) throws(LMDBError) -> [String: LMDBDatabase] {
        let existing: [String: LMDBDatabase]? = try read { txn throws(LMDBError) in
            var opened: [String: LMDBDatabase] = [:]
            for name in names {
                var dbi: MDB_dbi = 0
                let code = mdb_dbi_open(txn.handle, name, 0, &dbi)
                if code == MDB_NOTFOUND { return nil }
                try lmdbCheck(code, "open database \(name)")
                opened[name] = LMDBDatabase(name: name, handle: dbi)
            }
            return opened
        }
        if let existing { return existing }
        return try write { txn throws(LMDBError) in
            var opened: [String: LMDBDatabase] = [:]
            for name in names {
                var dbi: MDB_dbi = 0
                try lmdbCheck(mdb_dbi_open(txn.handle, name, UInt32(MDB_CREATE), &dbi), "create database \(name)")
                opened[name] = LMDBDatabase(name: name, handle: dbi)
            }
            return opened
        }
    }

    /// How a write transaction reaches the disk.
    package enum Durability {
        /// Data and meta page are synced before the commit returns (LMDB's default).
        case synced
        /// One sync instead of two (MDB_NOMETASYNC): the database stays intact, but a system
        /// crash may undo this transaction until the next synced commit of any process.
        case metaDeferred
    }

    /// Runs `body` in a write transaction and commits it (durably, unless told otherwise).
    ///
    /// `body` may run more than once: when the map is full it is aborted, the map grows and it
    /// runs again. It must therefore have no effects outside the transaction.
    package func write<T>(durability: Durability = .synced, _ body: (LMDBTransaction) throws(LMDBError) -> T) throws(LMDBError) -> T {
        while true {
            do {
                return try withTransaction(readOnly: false, deferMeta: durability == .metaDeferred, body)
            } catch let error where error.isMapFull {
                try grow()
            }
        }
    }

    /// Runs `body` in a read-only snapshot.
    func read<T>(_ body: (LMDBTransaction) throws(LMDBError) -> T) throws(LMDBError) -> T {
        try withTransaction(readOnly: true, deferMeta: false, body)
    }

    private func withTransaction<T>(readOnly: Bool, deferMeta: Bool, _ body: (LMDBTransaction) throws(LMDBError) -> T) throws(LMDBError) -> T {
        while true {
            resizeLock.lockShared()
            var handle: OpaquePointer?
            let code = mdb_txn_begin(env, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &handle)
            if code == MDB_MAP_RESIZED {
                resizeLock.unlock()
                try adoptNewMapSize()
                continue
            }
            defer { resizeLock.unlock() }
            try lmdbCheck(code, "begin transaction")
            guard let handle else { throw LMDBError(code: EINVAL, operation: "begin transaction") }
            // The flag is read at commit, under the writer lock this transaction holds, so it
            // affects no other writer of this process.
            if deferMeta { mdb_env_set_flags(env, UInt32(MDB_NOMETASYNC), 1) }
            defer { if deferMeta { mdb_env_set_flags(env, UInt32(MDB_NOMETASYNC), 0) } }
            let txn = LMDBTransaction(handle: handle, readOnly: readOnly)
            let result: T
            do {
                result = try body(txn)
            } catch {
                mdb_txn_abort(handle)
                throw error
            }
            // Committing (rather than aborting) a read transaction keeps database handles opened in it.
            try lmdbCheck(mdb_txn_commit(handle), readOnly ? "end read" : "commit")
            mappedPagesTouched.store(true, ordering: .relaxed)
            releaseMappedPagesIfDue()
            return result
        }
    }

    /// LMDB reads through a shared read-only map of the file, and the kernel maps up to 64 KiB of
    /// cached pages around each page touched (fault-around). A long-running process that
    /// touches pages all over the file (each commit moves the small databases about) keeps all
    /// of them in its RSS, so a busy cluster's sentinel and monitor grow by megabytes within
    /// seconds. Unmapping them (MADV_DONTNEED: the pages stay in the page cache, only this
    /// process's page table entries go), looked at every 100 ms and done once RSS has grown by a
    /// MiB, keeps that part of RSS to about a MiB; the next touch maps a page again with a minor
    /// fault. Not after every commit: that costs the monitor CPU on every task, while this
    /// costs too little to see in a drain. Called under the shared resize lock, so the map
    /// stays put.
    private func releaseMappedPagesIfDue() {
        let now = Clock.monotonicNanoseconds()
        guard now &- mappedPagesReleasedAt.load(ordering: .relaxed) >= mappedPagesReleaseNanoseconds.load(ordering: .relaxed) else { return }
        mappedPagesReleasedAt.store(now, ordering: .relaxed)
        releaseMappedPages(growthKiB: mappedPagesReleaseGrowthKiB.load(ordering: .relaxed))
    }

    /// Unmaps the pages touched since the last release now: for a process about to idle, whose
    /// next transaction (and so the next due release) may be far off.
    func releaseMappedPages() {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        releaseMappedPages(growthKiB: 0)
    }

    /// Unmaps the map's pages if a transaction ran since the last release and RSS has grown by
    /// at least `growthKiB` since then.
    private func releaseMappedPages(growthKiB: Int) {
        guard mappedPagesTouched.load(ordering: .relaxed) else { return }
        var envInfo = MDB_envinfo()
        mdb_env_info(env, &envInfo)
        let length = envInfo.me_mapsize
        releaseState.withLock { state in
            if state.memory == nil { state.memory = ResidentMemory() }
            if growthKiB > 0, let memory = state.memory, memory.kibibytes() - state.residentAfterRelease < growthKiB { return }
            mappedPagesTouched.store(false, ordering: .relaxed)
            if state.mapStart == nil { state.mapStart = locateMap(length: length) }
            guard let address = UnsafeMutableRawPointer(bitPattern: state.mapStart ?? 0) else { return }
            _ = madvise(address, length, MADV_DONTNEED)
            state.residentAfterRelease = state.memory?.kibibytes() ?? 0
        }
    }

    /// The start of the map: the shared mapping of `length` bytes of this file, 0 when not found.
    private func locateMap(length: Int) -> UInt {
        var fd: Int32 = -1
        var status = stat()
        guard mdb_env_get_fd(env, &fd) == 0, fstat(fd, &status) == 0 else { return 0 }
        return FileMappings.start(ofSharedMappingOfInode: UInt64(status.st_ino), length: length) ?? 0
    }

    /// Another process grew the map: take its size.
    private func adoptNewMapSize() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        releaseState.withLock { $0.mapStart = nil }
        try lmdbCheck(mdb_env_set_mapsize(env, 0), "adopt map size")
    }

    private func grow() throws(LMDBError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        let current = info.mapSize
        releaseState.withLock { $0.mapStart = nil }
        try lmdbCheck(mdb_env_set_mapsize(env, current * 2), "grow map to \(current * 2) bytes")
    }

    /// Size facts of the environment.
    struct Info {
        var mapSize: Int
        var usedBytes: Int
        var pageSize: Int
    }

    var info: Info {
        var envInfo = MDB_envinfo()
        mdb_env_info(env, &envInfo)
        var stat = MDB_stat()
        mdb_env_stat(env, &stat)
        let pageSize = Int(stat.ms_psize)
        return Info(mapSize: envInfo.me_mapsize, usedBytes: (envInfo.me_last_pgno + 1) * pageSize, pageSize: pageSize)
    }

    /// Clears reader slots left by dead processes; returns how many were cleared.
    @discardableResult
    func clearStaleReaders() -> Int {
        var dead: Int32 = 0
        _ = mdb_reader_check(env, &dead)
        return Int(dead)
    }
}

/// A process-local readers–writer lock (pthread), used to keep map resizes away from open transactions.
private final class ReadWriteLock: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    init() { pthread_rwlock_init(lock, nil) }
    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func lockShared() { pthread_rwlock_rdlock(lock) }
    func lockExclusive() { pthread_rwlock_wrlock(lock) }
    func unlock() { pthread_rwlock_unlock(lock) }
}
