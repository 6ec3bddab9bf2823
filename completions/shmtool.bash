# bash completion for shmtool(1) and its shmtool-NAME links.
#
# Nothing here is a copy of shmtool's tables: the subcommands come from
# `shmtool --help` (the "Commands:" section), each subcommand's options and
# which of them take an argument from `shmtool NAME --help`, the column
# names from the lines after "Columns:" in `shmtool ls --help`, and the live
# segments from `shmtool ls --raw --noheadings -o KEY,ID,NAME`.  Only the
# list of link names below is static, because `complete` needs it when this
# file is loaded; tests/30-completion.bats checks it against --help.
#
# shellcheck shell=bash

# The shmtool that can list segments: words[0] itself, or for a link
# shmtool-NAME the shmtool next to it.
_shmtool_main()
{
    local cmd=${words[0]}
    [[ $cmd == "~"* ]] && cmd=$HOME${cmd#\~}
    case ${cmd##*/} in
        shmtool-*)
            if [[ $cmd == */* ]]; then cmd=${cmd%/*}/shmtool; else cmd=shmtool; fi
            ;;
    esac
    printf '%s\n' "$cmd"
}

# Run shmtool quietly, with the --ns PID already on the command line.
_shmtool_run()
{
    local main
    main=$(_shmtool_main)
    "$main" "${_shmtool_ns[@]}" "$@" 2>/dev/null
}

# The subcommands `shmtool --help` lists.
_shmtool_commands()
{
    _shmtool_run --help | command sed -n \
        '/^Commands:$/,/^$/s/^ \([a-z][a-z0-9_-]*\)  .*/\1/p'
}

# Options of a --help text on stdin, one a line as "OPTION ARG": the long
# form if there is one, else the short one; ARG is the argument's name
# (SIZE, LIST...) or empty.  With "all", short forms get a line too.
_shmtool_options()
{
    local line opts arg o
    while IFS= read -r line; do
        [[ $line =~ ^\ +(-[A-Za-z0-9](,\ +--[a-z0-9][a-z0-9-]*)?|--[a-z0-9][a-z0-9-]*)(\ ([A-Z][A-Z_]*))?(\ |$) ]] ||
            continue
        opts=${BASH_REMATCH[1]} arg=${BASH_REMATCH[4]}
        if [[ $opts == -?,* ]]; then
            [[ ${1-} == all ]] && printf '%s %s\n' "${opts:0:2}" "$arg"
            o=${opts#*--}
            printf -- '--%s %s\n' "$o" "$arg"
        else
            printf '%s %s\n' "$opts" "$arg"
        fi
    done
}

# Column names after the "Columns:" line of `shmtool ls --help`.
_shmtool_columns()
{
    _shmtool_run ls --help | command sed -n \
        '/^Columns:$/,$s/^ \{1,\}\([A-Z][A-Z0-9_%]*\)  .*/\1/p'
}

# Keys, ids and /names of the segments that exist now; '-' is an empty cell
# and key 0 (IPC_PRIVATE) names no one segment.
_shmtool_live()
{
    local key id name
    while read -r key id name; do
        [[ $key != - && $key != 0x00000000 ]] && printf '%s\n' "$key"
        [[ $id != - ]] && printf '%s\n' "$id"
        [[ $name == /* ]] && printf '%s\n' "$name"
    done < <(_shmtool_run ls --raw --noheadings -o KEY,ID,NAME)
}

# Files and directories for the path in "$1$2" (prefix $1, path $2), with a
# slash after a directory and no space after anything.
_shmtool_paths()
{
    local prefix=$1 path=$2 f
    local IFS=$'\n'
    [[ $path == "~"* ]] && path=$HOME${path#\~}
    for f in $(compgen -f -- "$path"); do
        [[ -d $f ]] && f+=/
        COMPREPLY+=("$prefix$f")
    done
    compopt -o nospace 2>/dev/null
}

# A SPEC: for create "private" (and new names), else the keys, ids and
# /names that exist now; the prefixes key:, id:, ftok: and file: (not for
# create), then a path after file: and ftok:.  $1 is the subcommand.
_shmtool_spec()
{
    local prefixes='key: id: ftok: file:' live
    case $cur in
        file:*)
            [[ $1 != create ]] && _shmtool_paths file: "${cur#file:}"
            ;;
        ftok:*:*) ;; # PROJ: any character or number
        ftok:*)
            _shmtool_paths ftok: "${cur#ftok:}"
            ;;
        key:* | id:*) ;;
        *)
            if [[ $1 == create ]]; then
                live=private prefixes='key: ftok:'
            else
                live=$(_shmtool_live)
            fi
            mapfile -t COMPREPLY < <(compgen -W "$live $prefixes" -- "$cur")
            # A prefix alone wants its rest, not a space.
            [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *: ]] &&
                compopt -o nospace 2>/dev/null
            ;;
    esac
    __ltrim_colon_completions "$cur"
}

# The argument of option $1, named $2 in --help.
_shmtool_optarg()
{
    case $2 in
        LIST | COL)
            local part=${cur##*,} head=${cur%"${cur##*,}"}
            if [[ $2 == LIST && -z $head && $part == +* ]]; then
                head=+ part=${part#+}
            fi
            [[ $2 == COL ]] && head='' part=$cur
            mapfile -t COMPREPLY < <(compgen -P "$head" -W "$(_shmtool_columns)" -- "${part^^}")
            ;;
        USER)
            mapfile -t COMPREPLY < <(compgen -u -- "$cur")
            ;;
        PID)
            mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && printf '%s\n' [0-9]*)" -- "$cur")
            ;;
        ID)
            mapfile -t COMPREPLY < <(compgen -W "$(_shmtool_live | command grep -E '^[0-9]+$')" -- "$cur")
            ;;
        KEY)
            mapfile -t COMPREPLY < <(compgen -W "$(_shmtool_live | command grep '^0x')" -- "$cur")
            ;;
    esac
    # SIZE, MODE, OFFSET, LENGTH, TIME, DURATION: nothing to offer.
}

_shmtool()
{
    local cur prev words cword split
    _init_completion -s -n : || return

    local -a _shmtool_ns=()
    local sub='' i=1 w
    case ${words[0]##*/} in
        shmtool-*) sub=${words[0]##*/} sub=${sub#shmtool-} ;;
    esac

    # Global options before the subcommand.
    if [[ -z $sub ]]; then
        for ((; i < cword; i++)); do
            w=${words[i]}
            case $w in
                --ns) ((i + 1 < cword)) && _shmtool_ns=(--ns "${words[i + 1]}"); ((i++)) ;;
                --ns=*) _shmtool_ns=("$w") ;;
                -*) ;;
                *) sub=$w; ((i++)); break ;;
            esac
        done
        if [[ -z $sub ]]; then
            if [[ $prev == --ns ]]; then
                _shmtool_optarg --ns PID
                return
            fi
            $split && return
            if [[ $cur == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$(_shmtool_run --help | _shmtool_options | command cut -d' ' -f1)" -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -W "$(_shmtool_commands)" -- "$cur")
            fi
            return
        fi
    fi

    # The subcommand's options, from its --help.
    local help
    if [[ ${words[0]##*/} == shmtool-* ]]; then
        help=$("${words[0]/#\~/$HOME}" --help 2>/dev/null)
    else
        help=$(_shmtool_run "$sub" --help)
    fi
    [[ -n $help ]] || return
    local -A argof=()
    local o a
    while read -r o a; do
        argof[$o]=$a
    done < <(_shmtool_options all <<<"$help")

    # Walk the words before the cursor: options, their arguments, positionals.
    local -a pos=()
    local want='' dashdash='' cmdstart=''
    for ((; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $want ]]; then
            want=''
        elif [[ $sub == attach && ${#pos[@]} -ge 1 ]]; then
            # attach stops at its SPEC: only "-- CMD..." may follow it.
            if [[ $w == -- ]]; then
                cmdstart=$((i + 1))
                break
            fi
            pos+=("$w")
        elif [[ -n $dashdash ]]; then
            pos+=("$w")
        elif [[ $w == -- ]]; then
            dashdash=$i
        elif [[ $w == --*=* ]]; then
            :
        elif [[ $w == --* ]]; then
            [[ -n ${argof[$w]-} ]] && want=$w
        elif [[ $w == -?* ]]; then
            # A cluster such as -zo: the first option that takes an argument
            # takes the rest of the word, or the next word.
            local j
            for ((j = 1; j < ${#w}; j++)); do
                if [[ -n ${argof[-${w:j:1}]-} ]]; then
                    ((j + 1 == ${#w})) && want=-${w:j:1}
                    break
                fi
            done
        else
            pos+=("$w")
        fi
    done

    # attach SPEC -- CMD...: complete CMD as a command line of its own.
    # _command_offset counts in COMP_WORDS, which split at ':' and '=':
    # find the same "--" there.
    if [[ -n $cmdstart ]]; then
        local n=0 k
        for ((k = 1; k < cmdstart; k++)); do
            [[ ${words[k]} == -- ]] && ((n++))
        done
        for ((k = 1; k < COMP_CWORD; k++)); do
            [[ ${COMP_WORDS[k]} == -- ]] && ((--n == 0)) && break
        done
        _command_offset $((k + 1))
        return
    fi

    if [[ -n $want ]]; then
        _shmtool_optarg "$want" "${argof[$want]}"
        return
    fi
    if $split; then
        [[ -n ${argof[$prev]-} ]] && _shmtool_optarg "$prev" "${argof[$prev]}"
        return
    fi
    if [[ $cur == -* && -z $dashdash && ! ($sub == attach && ${#pos[@]} -ge 1) ]]; then
        local opts
        opts=$(_shmtool_options <<<"$help" | command cut -d' ' -f1)
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi

    case $sub in
        key)
            ((${#pos[@]} == 0)) && _filedir
            ;;
        create)
            _shmtool_spec create
            ;;
        attach)
            if ((${#pos[@]} == 0)); then
                _shmtool_spec "$sub"
            elif ((${#pos[@]} == 1)); then
                mapfile -t COMPREPLY < <(compgen -W '--' -- "$cur")
            fi
            ;;
        read | write)
            ((${#pos[@]} == 0)) && _shmtool_spec "$sub"
            ;;
        stat | rm)
            _shmtool_spec "$sub"
            ;;
    esac
} &&
    complete -F _shmtool shmtool shmtool-attach shmtool-create shmtool-key \
        shmtool-ls shmtool-read shmtool-rm shmtool-stat shmtool-write

# ex: filetype=sh
