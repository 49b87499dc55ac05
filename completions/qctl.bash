#!/bin/bash

__qctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__qctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__qctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__qctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_qctl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __qctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    start|enqueue|result|tasks|stats|monitor|schedule|output|cancel|kill|rerun|pause|resume|info|purge|group|config|broker|web|bench|help)
        # Offer subcommand argument completions
        "_qctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'start enqueue result tasks stats monitor schedule output cancel kill rerun pause resume info purge group config broker web bench help' -- "${cur}"))
        ;;
    esac
}

_qctl_start() {
    repeating_flags=()
    non_repeating_flags=(--quiet -q --verbose -v --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --name --workers --log-format)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--name')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion start -- --name "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--workers')
        return
        ;;
    '--log-format')
        __qctl_add_completions -W 'text'$'\n''json'
        return
        ;;
    esac
}

_qctl_enqueue() {
    repeating_flags=()
    non_repeating_flags=(--no-save --stdin --chain --strict --wait --json --version -h --help)
    repeating_options=(--env --after)
    non_repeating_options=(--config --cluster --group --timeout --retries --cwd --task --shell --name --hook --input --wait-timeout)
    __qctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion enqueue -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--group')
        return
        ;;
    '--timeout')
        return
        ;;
    '--retries')
        return
        ;;
    '--cwd')
        __qctl_add_completions -d
        return
        ;;
    '--env')
        return
        ;;
    '--task')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion enqueue -- --task "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--shell')
        return
        ;;
    '--name')
        return
        ;;
    '--hook')
        return
        ;;
    '--input')
        __qctl_add_completions -f
        return
        ;;
    '--after')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion enqueue -- --after "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--wait-timeout')
        return
        ;;
    esac
}

_qctl_result() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --wait)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--wait')
        return
        ;;
    esac
}

_qctl_tasks() {
    repeating_flags=()
    non_repeating_flags=(--queued --leased --success --failed --all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster --group --limit)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion tasks -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--group')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_qctl_stats() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion stats -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_monitor() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster --interval)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion monitor -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_qctl_schedule() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __qctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|show|remove|run|pause|resume)
        # Offer subcommand argument completions
        "_qctl_schedule_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list show remove run pause resume' -- "${cur}"))
        ;;
    esac
}

_qctl_schedule_add() {
    repeating_flags=()
    non_repeating_flags=(--once --hourly --daily --weekly --biweekly --monthly --bimonthly --quarterly --yearly --replace --json --version -h --help)
    repeating_options=(--env)
    non_repeating_options=(--config --cluster --group --timeout --retries --cwd --task --shell --every --cron --next-run --repeats)
    __qctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule add -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--group')
        return
        ;;
    '--timeout')
        return
        ;;
    '--retries')
        return
        ;;
    '--cwd')
        __qctl_add_completions -d
        return
        ;;
    '--env')
        return
        ;;
    '--task')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule add -- --task "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    '--shell')
        return
        ;;
    '--every')
        return
        ;;
    '--cron')
        return
        ;;
    '--next-run')
        return
        ;;
    '--repeats')
        return
        ;;
    esac
}

_qctl_schedule_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_schedule_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule show -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_schedule_remove() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule remove -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_schedule_run() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule run -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_schedule_pause() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule pause -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_schedule_resume() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion schedule resume -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_output() {
    repeating_flags=()
    non_repeating_flags=(-f --follow --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion output -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_cancel() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --group --cluster)
    __qctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--group')
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion cancel -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion cancel -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_kill() {
    repeating_flags=()
    non_repeating_flags=(--wait --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion kill -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_rerun() {
    repeating_flags=()
    non_repeating_flags=(--failed --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --group --cluster)
    __qctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--group')
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion rerun -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion rerun -- positional@0 "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_pause() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion pause -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_resume() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion resume -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_info() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_purge() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --cluster)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--cluster')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion purge -- --cluster "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_group() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __qctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|delete)
        # Offer subcommand argument completions
        "_qctl_group_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show delete' -- "${cur}"))
        ;;
    esac
}

_qctl_group_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --limit)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_qctl_group_delete() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_config() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __qctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    check|show)
        # Offer subcommand argument completions
        "_qctl_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'check show' -- "${cur}"))
        ;;
    esac
}

_qctl_config_check() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_config_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config --name)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--name')
        __qctl_add_completions -W "$(__qctl_custom_complete ---completion config show -- --name "${COMP_CWORD}" "$(__qctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_qctl_broker() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __qctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|upgrade)
        # Offer subcommand argument completions
        "_qctl_broker_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init upgrade' -- "${cur}"))
        ;;
    esac
}

_qctl_broker_init() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_broker_upgrade() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--config)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    esac
}

_qctl_web() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--config --listen)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--config')
        __qctl_add_completions -o plusdirs -fX '!*.@(yaml|yml)'
        return
        ;;
    '--listen')
        return
        ;;
    esac
}

_qctl_bench() {
    repeating_flags=()
    non_repeating_flags=(--big --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--tasks --workers --rounds --queue-limit --broker)
    __qctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--tasks')
        return
        ;;
    '--workers')
        return
        ;;
    '--rounds')
        return
        ;;
    '--queue-limit')
        return
        ;;
    '--broker')
        return
        ;;
    esac
}

_qctl_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __qctl_offer_flags_options -1
}

complete -o filenames -F _qctl qctl
