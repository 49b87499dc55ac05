import ArgumentParser

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run tasks at times: once, every interval, hourly ... yearly, or by cron expression.",
        discussion: """
        A running cluster with 'scheduler: true' fires the due schedules of its name: it \
        enqueues the task, records it as the last run and moves the next run on, all in one \
        transaction, so that several clusters never fire one occurrence twice.

        EXAMPLES:
          qctl schedule add backup --cron '0 3 * * *' -- ./backup.sh
          qctl schedule add poll --every 10m --repeats 6 -- curl -fsS https://example.org/ping
          qctl schedule add report --daily --next-run 07:30 --cluster long -- ./report.sh
          qctl schedule list
          qctl schedule run backup
        """,
        subcommands: [
            ScheduleAddCommand.self, ScheduleListCommand.self, ScheduleShowCommand.self, ScheduleRemoveCommand.self,
            ScheduleRunCommand.self, SchedulePauseCommand.self, ScheduleResumeCommand.self,
        ]
    )
}
