function __qctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __qctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __qctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __qctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __qctl_parse_tokens -S
    set -l unparsed_tokens (__qctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'qctl'
        __qctl_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'start'
            __qctl_parse_subcommand 0 'config=' 'name=' 'workers=' 'log-format=' 'q/quiet' 'v/verbose' 'version' 'h/help'
        case 'enqueue'
            __qctl_parse_subcommand -r 1 'config=' 'cluster=' 'group=' 'timeout=' 'retries=' 'cwd=' 'env=+' 'task=' 'shell=' 'name=' 'hook=' 'input=' 'no-save' 'stdin' 'after=+' 'chain' 'strict' 'wait' 'wait-timeout=' 'json' 'version' 'h/help'
        case 'result'
            __qctl_parse_subcommand 1 'config=' 'wait=' 'json' 'version' 'h/help'
        case 'tasks'
            __qctl_parse_subcommand 0 'config=' 'queued' 'leased' 'success' 'failed' 'cluster=' 'group=' 'limit=' 'all' 'json' 'version' 'h/help'
        case 'stats'
            __qctl_parse_subcommand 0 'config=' 'cluster=' 'json' 'version' 'h/help'
        case 'monitor'
            __qctl_parse_subcommand 0 'config=' 'cluster=' 'interval=' 'version' 'h/help'
        case 'schedule'
            __qctl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __qctl_parse_subcommand -r 2 'config=' 'cluster=' 'group=' 'timeout=' 'retries=' 'cwd=' 'env=+' 'task=' 'shell=' 'once' 'hourly' 'daily' 'weekly' 'biweekly' 'monthly' 'bimonthly' 'quarterly' 'yearly' 'every=' 'cron=' 'next-run=' 'repeats=' 'replace' 'json' 'version' 'h/help'
            case 'list'
                __qctl_parse_subcommand 0 'config=' 'json' 'version' 'h/help'
            case 'show'
                __qctl_parse_subcommand 1 'config=' 'json' 'version' 'h/help'
            case 'remove'
                __qctl_parse_subcommand 1 'config=' 'version' 'h/help'
            case 'run'
                __qctl_parse_subcommand 1 'config=' 'version' 'h/help'
            case 'pause'
                __qctl_parse_subcommand 1 'config=' 'version' 'h/help'
            case 'resume'
                __qctl_parse_subcommand 1 'config=' 'version' 'h/help'
            end
        case 'output'
            __qctl_parse_subcommand 1 'config=' 'f/follow' 'json' 'version' 'h/help'
        case 'cancel'
            __qctl_parse_subcommand -r 1 'config=' 'group=' 'cluster=' 'json' 'version' 'h/help'
        case 'kill'
            __qctl_parse_subcommand 1 'config=' 'wait' 'json' 'version' 'h/help'
        case 'rerun'
            __qctl_parse_subcommand -r 1 'config=' 'failed' 'group=' 'cluster=' 'json' 'version' 'h/help'
        case 'pause'
            __qctl_parse_subcommand 0 'config=' 'cluster=' 'json' 'version' 'h/help'
        case 'resume'
            __qctl_parse_subcommand 0 'config=' 'cluster=' 'json' 'version' 'h/help'
        case 'info'
            __qctl_parse_subcommand 0 'config=' 'json' 'version' 'h/help'
        case 'purge'
            __qctl_parse_subcommand 0 'config=' 'cluster=' 'all' 'json' 'version' 'h/help'
        case 'group'
            __qctl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __qctl_parse_subcommand 1 'config=' 'limit=' 'json' 'version' 'h/help'
            case 'delete'
                __qctl_parse_subcommand 1 'config=' 'version' 'h/help'
            end
        case 'config'
            __qctl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'check'
                __qctl_parse_subcommand 0 'config=' 'version' 'h/help'
            case 'show'
                __qctl_parse_subcommand 0 'config=' 'name=' 'json' 'version' 'h/help'
            end
        case 'broker'
            __qctl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'init'
                __qctl_parse_subcommand 0 'config=' 'json' 'version' 'h/help'
            case 'upgrade'
                __qctl_parse_subcommand 0 'config=' 'json' 'version' 'h/help'
            end
        case 'web'
            __qctl_parse_subcommand 0 'config=' 'listen=' 'version' 'h/help'
        case 'bench'
            __qctl_parse_subcommand 0 'tasks=' 'workers=' 'rounds=' 'queue-limit=' 'broker=' 'big' 'json' 'version' 'h/help'
        case 'help'
            __qctl_parse_subcommand -r 1 'version'
        end
    end
end

function __qctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __qctl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __qctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __qctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__qctl_tokens -p)
    if test -z "$(__qctl_tokens -t)"
        set -l index (count (__qctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'qctl' -f
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'start' -d 'Run a cluster in the foreground until Ctrl-C or SIGTERM.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'enqueue' -d 'Queue a command for a cluster and print its id.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'result' -d 'Print a finished task\'s output and exit with its status.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'tasks' -d 'List tasks: queued, leased (running) and finished.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'stats' -d 'Show every cluster running on the broker: status, counts and workers.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'monitor' -d 'Watch the running clusters live, as Django Q\'s qmonitor; q or Ctrl-C quits.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'schedule' -d 'Run tasks at times: once, every interval, hourly ... yearly, or by cron expression.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'output' -d 'Show what a task has printed so far; -f follows it until it ends.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'cancel' -d 'Take queued tasks off their queue, recorded as cancelled.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'kill' -d 'Kill a running task\'s whole process group; it is recorded as killed, not retried.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'rerun' -d 'Run finished tasks again, as new tasks linked to the originals.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'pause' -d 'Pause a cluster\'s queue: no cluster takes its tasks until qctl resume.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'resume' -d 'Resume a paused cluster\'s queue.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'info' -d 'Show the broker as a whole: queues, results, schedules and file size.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'purge' -d 'Delete every queued task of a cluster (leased and finished tasks stay).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'group' -d 'Show or delete the results of a group of tasks.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'config' -d 'Check qcluster.yaml or show the settings a cluster resolves to.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'broker' -d 'Create or upgrade the broker\'s schema (the LMDB file, or the PostgreSQL tables of broker.url).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'web' -d 'Serve a dashboard of the broker\'s clusters, tasks and schedules, and metrics for Prometheus.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'bench' -d 'Measure qctl against this machine\'s own limits, in a temporary broker.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" name' -l 'name' -d 'The cluster to run (default: $Q_CLUSTER_NAME, else the config\'s cluster.name).' -rfka '(__qctl_custom_completion ---completion start -- --name (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" workers' -l 'workers' -d 'Override the number of workers.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" log-format' -l 'log-format' -d 'text (Django Q\'s lines) or json (one object per line, for log shippers).' -rfka 'text json'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" q quiet' -l 'quiet' -s 'q' -d 'Log warnings and errors only.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" v verbose' -l 'verbose' -s 'v' -d 'Log debugging detail too.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl start" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" cluster' -l 'cluster' -d 'The cluster (queue) to run on (default: the config\'s cluster.name, normally \'default\').' -rfka '(__qctl_custom_completion ---completion enqueue -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" group' -l 'group' -d 'Put the task in a group (at most 200 bytes), to list or delete results together.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" timeout' -l 'timeout' -d 'Kill the task after this long (90, 90s, 15m, 2h; default: the cluster\'s timeout).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" retries' -l 'retries' -d 'Run a failed task again up to N times, after a backoff (default: the cluster\'s retries, normally 0).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" cwd' -l 'cwd' -d 'The directory to run in (default: the current directory).' -rfa '(__qctl_complete_directories)'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue"' -l 'env' -d 'Set an environment variable for the task; repeatable.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" task' -l 'task' -d 'Run a task defined under \'tasks:\' in qcluster.yaml; the words after it are its arguments.' -rfka '(__qctl_custom_completion ---completion enqueue -- --task (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" shell' -l 'shell' -d 'Run this script with /bin/sh -c instead of a command.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" name' -l 'name' -d 'A name for the task, at most 200 bytes (default: four words from its id, such as hamper-ten-hotel-finch).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" hook' -l 'hook' -d 'A shell command run after the task, with QCTL_TASK_ID, QCTL_TASK_NAME and QCTL_SUCCESS set.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" input' -l 'input' -d 'Feed this file to the task\'s standard input (a task is at most 1 MiB in all).' -rF
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" no-save' -l 'no-save' -d 'Do not keep the result if the task succeeds (failures are always kept).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" stdin' -l 'stdin' -d 'Read many tasks from standard input, one JSON object per line.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue"' -l 'after' -d 'Run only once these tasks succeeded (ids or names, comma-separated or repeated); cancelled if one fails.' -rfka '(__qctl_custom_completion ---completion enqueue -- --after (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" chain' -l 'chain' -d 'With --stdin: each task runs after the one on the line before (a chain; one failure cancels the rest).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" strict' -l 'strict' -d 'Refuse a cluster name that qcluster.yaml does not define.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" wait' -l 'wait' -d 'Wait until the task is final (after its retries; each failed attempt is reported on stderr), print its output and exit with its status.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" wait-timeout' -l 'wait-timeout' -d 'With --wait, give up after this long (exit 75).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" json' -l 'json' -d 'Print the full task record as JSON instead of the id.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl enqueue" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl result" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl result" wait' -l 'wait' -d 'Wait up to this long for the task to finish (90, 90s, 15m; 0 waits forever).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl result" json' -l 'json' -d 'Print the task record, output included, as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl result" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl result" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" queued' -l 'queued' -d 'Only tasks waiting in a queue.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" leased' -l 'leased' -d 'Only tasks handed to a cluster and not yet finished.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" success' -l 'success' -d 'Only successful results.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" failed' -l 'failed' -d 'Only failed results.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" cluster' -l 'cluster' -d 'Only tasks of this cluster.' -rfka '(__qctl_custom_completion ---completion tasks -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" group' -l 'group' -d 'Only tasks of this group.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" limit' -l 'limit' -d 'Show at most this many tasks (default: 50; 0: no limit).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" all' -l 'all' -d 'Show every task (the same as --limit 0).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" json' -l 'json' -d 'Print one JSON object per line (output omitted; see qctl result --json).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl tasks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl stats" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl stats" cluster' -l 'cluster' -d 'Only clusters with this name.' -rfka '(__qctl_custom_completion ---completion stats -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl stats" json' -l 'json' -d 'Print JSON: an array with one object per cluster.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl stats" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl monitor" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl monitor" cluster' -l 'cluster' -d 'Only clusters with this name.' -rfka '(__qctl_custom_completion ---completion monitor -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl monitor" interval' -l 'interval' -d 'Seconds between redraws.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl monitor" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl monitor" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'add' -d 'Add a schedule.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'list' -d 'List schedules with their next and last run.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'show' -d 'Show one schedule in full.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'remove' -d 'Delete a schedule (tasks it already enqueued stay).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'run' -d 'Enqueue a schedule\'s task now, without moving its next run; print the task id.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'pause' -d 'Stop a schedule from firing until it is resumed.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule" -eq 1' -fa 'resume' -d 'Let a paused schedule fire again (missed runs follow the cluster\'s catch_up).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" cluster' -l 'cluster' -d 'The cluster (queue) to run on (default: the config\'s cluster.name, normally \'default\').' -rfka '(__qctl_custom_completion ---completion schedule add -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" group' -l 'group' -d 'Put the task in a group (at most 200 bytes), to list or delete results together.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" timeout' -l 'timeout' -d 'Kill the task after this long (90, 90s, 15m, 2h; default: the cluster\'s timeout).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" retries' -l 'retries' -d 'Run a failed task again up to N times, after a backoff (default: the cluster\'s retries, normally 0).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" cwd' -l 'cwd' -d 'The directory to run in (default: the current directory).' -rfa '(__qctl_complete_directories)'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add"' -l 'env' -d 'Set an environment variable for the task; repeatable.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" task' -l 'task' -d 'Run a task defined under \'tasks:\' in qcluster.yaml; the words after it are its arguments.' -rfka '(__qctl_custom_completion ---completion schedule add -- --task (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" shell' -l 'shell' -d 'Run this script with /bin/sh -c instead of a command.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" once' -l 'once' -d 'Run once, then the schedule is done.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" hourly' -l 'hourly' -d 'Every hour.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" daily' -l 'daily' -d 'Every day at the same time.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" weekly' -l 'weekly' -d 'Every week.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" biweekly' -l 'biweekly' -d 'Every two weeks.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" monthly' -l 'monthly' -d 'Every month, on the same day (or the month\'s last).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" bimonthly' -l 'bimonthly' -d 'Every two months.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" quarterly' -l 'quarterly' -d 'Every three months.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" yearly' -l 'yearly' -d 'Every year.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" every' -l 'every' -d 'Run every DURATION (90s, 10m, 2h).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" cron' -l 'cron' -d 'Run at the times of a cron expression, in the config\'s timezone (\'0 3 * * *\', \'@daily\').' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" next-run' -l 'next-run' -d 'The first run: ISO 8601 (2026-12-01T03:00), HH:MM (the next such time) or +DURATION.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" repeats' -l 'repeats' -d 'How many times to run: -1 forever (default), or a count.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" replace' -l 'replace' -d 'Overwrite a schedule of the same name.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" json' -l 'json' -d 'Print the schedule as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule list" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule list" json' -l 'json' -d 'Print one JSON object per line.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule list" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule show" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule show" -eq 1' -fka '(__qctl_custom_completion ---completion schedule show -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule show" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule show" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule remove" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule remove" -eq 1' -fka '(__qctl_custom_completion ---completion schedule remove -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule remove" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule run" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule run" -eq 1' -fka '(__qctl_custom_completion ---completion schedule run -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule run" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule pause" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule pause" -eq 1' -fka '(__qctl_custom_completion ---completion schedule pause -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule pause" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule pause" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule resume" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl schedule resume" -eq 1' -fka '(__qctl_custom_completion ---completion schedule resume -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule resume" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl schedule resume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl output" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl output" -eq 1' -fka '(__qctl_custom_completion ---completion output -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl output" f follow' -s 'f' -l 'follow' -d 'Follow the output until the task ends, then exit with its status.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl output" json' -l 'json' -d 'Print one JSON object (id, name, state, stdout, stderr) once the output is read (with -f: at the end).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl output" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl output" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl cancel" -ge 1' -fka '(__qctl_custom_completion ---completion cancel -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" group' -l 'group' -d 'Cancel every queued task of this group.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" cluster' -l 'cluster' -d 'Cancel every queued task of this cluster (with --group: of the group in it).' -rfka '(__qctl_custom_completion ---completion cancel -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" json' -l 'json' -d 'Print the cancelled tasks as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl kill" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl kill" -eq 1' -fka '(__qctl_custom_completion ---completion kill -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl kill" wait' -l 'wait' -d 'Wait until the task is recorded.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl kill" json' -l 'json' -d 'Print the task as JSON (with --wait: its final record).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl kill" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl kill" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl rerun" -ge 1' -fka '(__qctl_custom_completion ---completion rerun -- positional@0 (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" failed' -l 'failed' -d 'Run again every failed task of --group or --cluster that was not run again yet.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" group' -l 'group' -d 'With --failed: the group\'s failed tasks.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" cluster' -l 'cluster' -d 'With --failed: the cluster\'s failed tasks (default: the default cluster).' -rfka '(__qctl_custom_completion ---completion rerun -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" json' -l 'json' -d 'Print the new tasks as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl rerun" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl pause" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl pause" cluster' -l 'cluster' -d 'The cluster whose queue it is (default: the default cluster).' -rfka '(__qctl_custom_completion ---completion pause -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl pause" json' -l 'json' -d 'Print the outcome as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl pause" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl pause" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl resume" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl resume" cluster' -l 'cluster' -d 'The cluster whose queue it is (default: the default cluster).' -rfka '(__qctl_custom_completion ---completion resume -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl resume" json' -l 'json' -d 'Print the outcome as JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl resume" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl resume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl info" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl info" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl info" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl info" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" cluster' -l 'cluster' -d 'The cluster whose queue to empty (default: the default cluster).' -rfka '(__qctl_custom_completion ---completion purge -- --cluster (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" all' -l 'all' -d 'Empty every cluster\'s queue.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl purge" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl group" -eq 1' -fa 'show' -d 'List a group\'s results, newest first, with a count of successes and failures.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl group" -eq 1' -fa 'delete' -d 'Delete a group\'s results (its queued tasks stay queued).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group show" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group show" limit' -l 'limit' -d 'Show at most this many results (0: no limit).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group show" json' -l 'json' -d 'Print one JSON object per line.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group show" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group delete" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group delete" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl group delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl config" -eq 1' -fa 'check' -d 'Validate the configuration; print the first error with its file:line:column and exit 78.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl config" -eq 1' -fa 'show' -d 'Print the settings of a cluster and where each value comes from.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config check" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config check" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config show" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config show" name' -l 'name' -d 'The cluster to resolve (default: the default cluster; Q_CLUSTER_NAME is not read here).' -rfka '(__qctl_custom_completion ---completion config show -- --name (count (__qctl_tokens -pc)) (__qctl_tokens -tC))'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config show" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config show" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl broker" -eq 1' -fa 'init' -d 'Create the broker when it is missing; say what is there.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_positional "qctl broker" -eq 1' -fa 'upgrade' -d 'Bring an existing broker\'s schema to this qctl\'s version (exit 69 when there is none).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker init" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker init" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker init" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker upgrade" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker upgrade" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker upgrade" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl broker upgrade" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl web" config' -l 'config' -d 'The configuration file (default: $QCTL_CONFIG, else ./qcluster.yaml, else built-in defaults).' -rfa '(set -l exts \'yaml\' \'yml\';for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.{$exts};printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl web" listen' -l 'listen' -d 'Where to listen: a numeric IPv4 or IPv6 address (or localhost) and a port; port 0 picks a free one.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl web" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl web" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" tasks' -l 'tasks' -d 'Tasks to drain.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" workers' -l 'workers' -d 'Workers (and parallel spawners for the machine\'s limit).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" rounds' -l 'rounds' -d 'Drains, each through a fresh cluster between two measurements of the spawn limit; the table gives the median round and the lowest and highest.' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" queue-limit' -l 'queue-limit' -d 'The fixed queue_limit, drained after the shipped default (default: 32 × workers, the deepest the default goes).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" broker' -l 'broker' -d 'Measure a PostgreSQL broker: the URL of a database that holds no qctl broker yet (the bench creates its tables in it and drops them at the end).' -rfka ''
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" big' -l 'big' -d 'Also measure with 1,000,000 queued tasks (takes a while and about 1 GiB of disk).'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" json' -l 'json' -d 'Print JSON.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" version' -l 'version' -d 'Show the version.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl bench" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'qctl' -n '__qctl_should_offer_completions_for_flags_or_options "qctl help" version' -l 'version' -d 'Show the version.'
