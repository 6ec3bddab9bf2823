# bash completion for shmtool(1) and its shmtool-NAME links.
#
# Nothing here is a copy of shmtool's tables: the subcommands come from
# `shmtool --help` (the "Commands:" section), each subcommand's options and
# which of them take an argument from `shmtool NAME --help`, the column
# names from the lines after "Columns:" in `shmtool ls --help`, and the live
# segments from `shmtool ls --raw --noheadings -o KEY,ID,SPEC`.  Only the
# list of link names below is static, because `complete` needs it when this
# file is loaded; tests/30-completion.bats checks it against --help.
#
# Names in /dev/shm (and file names) are written by others and never
# evaluated.  The choice: a segment's literal name is inserted, quoted for
# the shell (/a\ b, /nl$'\x0a'x), not its escaped SPEC (/a\\x20b); only a
# backslash before "x" and two hex digits stays \x5c, as shmtool reads \xNN
# as a byte.  What was typed may match either form.  See "Segments, paths:
# what others wrote" below.
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

# Segments, paths: what others wrote
# ------------------------------------
#
# Every name in /dev/shm, and every file name under a directory, is written
# by someone else, possibly to attack the root who presses TAB.  So it is
# never evaluated: no compgen -W (which expands its word list), no eval, no
# unquoted expansion.  Names are read line by line from `shmtool ls --raw
# --noheadings -o KEY,ID,SPEC`, where each SPEC is one word of printable
# ASCII (shmtool writes every blank, control character, backslash and byte
# it cannot print as \xNN), compared with what was typed as plain strings,
# and inserted quoted for the shell.
#
# The choice: the literal name is inserted, shell-quoted: "/a b" as
# /a\ b, a newline as /nl$'\x0a'x, an invalid byte as $'\xff', inside '...'
# or "..." if the word was opened so.  shmtool reads \xNN in a SPEC as the
# byte NN, so the one thing kept escaped is a backslash that "x" and two hex
# digits follow, inserted as \x5c (a name "\x41" goes in as \\x5cx41, not as
# \\x41, which would name "A").  Typed text matches the literal name or, if
# it does not, the escaped SPEC as `shmtool ls -o SPEC` shows it (/a\\x20
# completes /a\\x20b): either way the word reaches shmtool as a SPEC of that
# same object.  Bytes outside printable ASCII are always written $'\xNN',
# so no control character reaches the terminal or the command line raw.
#
# Readline replaces only part of the word: from after an open quote, or
# after the last ':' or '=' (COMP_WORDBREAKS), to the cursor; bash passes
# that part as $2 (through _command_offset, it is found here as readline
# finds it).  The functions below take the whole word from COMP_LINE, keep
# what precedes that part (the "head") as typed, and write the rest again,
# quoted in the quoting the head leaves open; readline closes that quote.
# They run in a subshell with LC_ALL=C, where a string is its bytes.

# _shmtool_lex TEXT: the value the shell makes of TEXT, a word or the start
# of one, into _shmtool_v: quotes and backslashes removed, $'...' escapes
# decoded, an escape cut short at the end dropped.  _shmtool_q is the
# quoting open at the end: '' none, \' '...', \" "...", $ $'...'.
# _shmtool_x is 1 if TEXT holds what the shell would expand ($, `, a glob,
# a brace, !), which is taken here as its plain characters.
_shmtool_lex()
{
    local s=$1 v='' q='' c n d
    local -i i=0 len=${#1} x=0
    while ((i < len)); do
        c=${s:i:1}
        ((++i))
        case $q in
            '')
                case $c in
                    \\)
                        if ((i < len)); then
                            c=${s:i:1}
                            ((++i))
                            [[ $c != $'\n' ]] && v+=$c
                        fi
                        ;;
                    \') q=\' ;;
                    \")  q=\" ;;
                    \$)
                        n=${s:i:1}
                        if [[ $n == \' ]]; then
                            q=\$
                            ((++i))
                        elif [[ $n == \" ]]; then
                            q=\"
                            ((++i))
                        else
                            v+=$c x=1
                        fi
                        ;;
                    \` | \* | \? | \[ | \{ | \!) v+=$c x=1 ;;
                    *) v+=$c ;;
                esac
                ;;
            \')
                if [[ $c == \' ]]; then q=''; else v+=$c; fi
                ;;
            \")
                case $c in
                    \") q='' ;;
                    \\)
                        if ((i < len)); then
                            n=${s:i:1}
                            ((++i))
                            case $n in
                                [\$\`\"\\]) v+=$n ;;
                                $'\n') ;;
                                *) v+=\\$n ;;
                            esac
                        fi
                        ;;
                    \$ | \` | \!) v+=$c x=1 ;;
                    *) v+=$c ;;
                esac
                ;;
            \$)
                if [[ $c == \' ]]; then
                    q=''
                elif [[ $c != \\ ]]; then
                    v+=$c
                elif ((i < len)); then
                    n=${s:i:1}
                    ((++i))
                    case $n in
                        a) v+=$'\a' ;;
                        b) v+=$'\b' ;;
                        [eE]) v+=$'\e' ;;
                        f) v+=$'\f' ;;
                        n) v+=$'\n' ;;
                        r) v+=$'\r' ;;
                        t) v+=$'\t' ;;
                        v) v+=$'\v' ;;
                        [0-7])
                            d=$n
                            while ((${#d} < 3)) && [[ ${s:i:1} == [0-7] ]]; do
                                d+=${s:i:1}
                                ((++i))
                            done
                            # \1 at the end may go on as \12: not yet known.
                            ((i == len && ${#d} < 3)) && break
                            printf -v d '%b' "\\0$d"
                            v+=$d
                            ;;
                        x)
                            d=''
                            while ((${#d} < 2)) && [[ ${s:i:1} == [0-9a-fA-F] ]]; do
                                d+=${s:i:1}
                                ((++i))
                            done
                            ((i == len && ${#d} < 2)) && break
                            if [[ -n $d ]]; then
                                printf -v d '%b' "\\x$d"
                                v+=$d
                            else
                                v+='\x'
                            fi
                            ;;
                        c)
                            ((i == len)) && break
                            printf -v d '%d' "'${s:i:1}"
                            printf -v d '\\x%02x' $((d & 31))
                            printf -v d '%b' "$d"
                            v+=$d
                            ((++i))
                            ;;
                        [\\\'\"?]) v+=$n ;;
                        *) v+=\\$n ;;
                    esac
                fi
                ;;
        esac
    done
    _shmtool_v=$v _shmtool_q=$q _shmtool_x=$x
}

# _shmtool_quote VALUE Q: VALUE written for the shell inside quoting Q (as
# _shmtool_lex names it), ending in that same quoting, into _shmtool_out.
# Printable ASCII is quoted as Q wants it; any other byte is $'\xNN'.
_shmtool_quote()
{
    local s=$1 q=$2 out='' run='' c h
    local -i i
    for ((i = 0; i <= ${#s}; i++)); do
        c=${s:i:1}
        if ((i < ${#s})) && [[ $c != [[:print:]] ]]; then
            printf -v h '\\x%02x' "'$c"
            run+=$h
            continue
        fi
        if [[ -n $run ]]; then
            case $q in
                '') out+="\$'$run'" ;;
                \') out+="'\$'$run''" ;;
                \") out+="\"\$'$run'\"" ;;
                \$) out+=$run ;;
            esac
            run=''
        fi
        ((i < ${#s})) || break
        case $q in
            '')
                case $c in
                    [A-Za-z0-9_./%+,:@=-]) out+=$c ;;
                    *) out+=\\$c ;;
                esac
                ;;
            \')
                if [[ $c == \' ]]; then out+="'\\''"; else out+=$c; fi
                ;;
            \")
                case $c in
                    [\$\`\"\\]) out+=\\$c ;;
                    !) out+="\"'!'\"" ;;
                    *) out+=$c ;;
                esac
                ;;
            \$)
                case $c in
                    [\\\']) out+=\\$c ;;
                    !) out+='\x21' ;;
                    *) out+=$c ;;
                esac
                ;;
        esac
    done
    _shmtool_out=$out
}

# _shmtool_literal SPEC: the name an escaped SPEC from `shmtool ls` stands
# for, as a SPEC again, into _shmtool_out: each \xNN undone but a backslash
# that "x" follows, which stays \x5c.
_shmtool_literal()
{
    local s=$1 out='' h
    while [[ $s == *'\x'* ]]; do
        out+=${s%%'\x'*}
        s=${s#*'\x'}
        h=${s:0:2} s=${s:2}
        if [[ $h != [0-9a-fA-F][0-9a-fA-F] || $h == 00 ]]; then
            out+="\\x$h"
        elif [[ $h == 5[cC] && $s == x* ]]; then
            out+='\x5c'
        else
            printf -v h '%b' "\\x$h"
            out+=$h
        fi
    done
    _shmtool_out=$out$s
}

# _shmtool_unescape TEXT: TEXT as shmtool reads a name or a file: path,
# each \xNN (not \x00) the byte NN, into _shmtool_out.
_shmtool_unescape()
{
    local s=$1 out='' h
    while [[ $s == *'\x'* ]]; do
        out+=${s%%'\x'*}
        s=${s#*'\x'}
        h=${s:0:2}
        if [[ $h == [0-9a-fA-F][0-9a-fA-F] && $h != 00 ]]; then
            printf -v h '%b' "\\x$h"
            out+=$h
            s=${s:2}
        else
            out+='\x'
        fi
    done
    _shmtool_out=$out$s
}

# _shmtool_curword LINE: the last word of LINE, the line up to the cursor,
# into _shmtool_word: it starts after the last blank or operator outside
# quotes.
_shmtool_curword()
{
    local line=$1 c q=''
    local -i i start=0
    for ((i = 0; i < ${#line}; i++)); do
        c=${line:i:1}
        case $q in
            '')
                case $c in
                    \\) ((++i)) ;;
                    \') q=\' ;;
                    \") q=\" ;;
                    \$) [[ ${line:i+1:1} == \' ]] && q=\$ && ((++i)) ;;
                    ' ' | $'\t' | $'\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>')
                        start=$((i + 1))
                        ;;
                esac
                ;;
            \') [[ $c == \' ]] && q='' ;;
            \")
                case $c in
                    \\) ((++i)) ;;
                    \") q='' ;;
                esac
                ;;
            \$)
                case $c in
                    \\) ((++i)) ;;
                    \') q='' ;;
                esac
                ;;
        esac
    done
    _shmtool_word=${line:start}
}

# _shmtool_rltext LINE: the end of LINE (the line up to the cursor) that
# readline replaces, found as readline finds it, into _shmtool_rl.  bash
# gives it as $2, but a completion called through _command_offset (sudo,
# nice...) gets the last of COMP_WORDS instead, which keeps an opening quote
# and splits at ':' and '@' otherwise.  Readline: if a quote (' or ") is
# open at the end, after it; else after the last character of
# COMP_WORDBREAKS that bash does not see quoted (but at a '@', which stays).
_shmtool_rltext()
{
    local line=$1 brk=${COMP_WORDBREAKS-$' \t\n"\'@><=;|&(:'} c q=''
    local -i i j n=${#1} start=-1 found=0 pass=0
    # Readline's own scan for an open quote: a backslash quotes the next
    # character, except within '...'.
    for ((i = 0; i < n; i++)); do
        c=${line:i:1}
        if ((pass)); then
            pass=0
        elif [[ $q != \' && $c == \\ ]]; then
            pass=1 found=1
        elif [[ -n $q ]]; then
            [[ $c == "$q" ]] && q='' start=-1
        elif [[ $c == [\'\"] ]]; then
            q=$c start=$((i + 1)) found=1
        fi
    done
    if ((start >= 0)); then
        _shmtool_rl=${line:start}
        return
    fi
    # Which characters bash sees quoted (its char_is_quoted): after a
    # backslash, and within '...', "..." and $'...' with their quotes.
    local -a quoted=()
    q=''
    for ((i = 0; i < n; i++)); do
        c=${line:i:1}
        case $q in
            '')
                case $c in
                    \\)
                        quoted[i + 1]=1
                        ((++i))
                        ;;
                    \' | \")
                        q=$c quoted[i]=1
                        ;;
                    \$)
                        if [[ ${line:i+1:1} == \' ]]; then
                            q=\$ quoted[i]=1 quoted[i + 1]=1
                            ((++i))
                        fi
                        ;;
                esac
                ;;
            *)
                quoted[i]=1
                if [[ $c == \\ && $q != \' ]]; then
                    quoted[i + 1]=1
                    ((++i))
                elif [[ $c == "${q/\$/\'}" ]]; then
                    q=''
                fi
                ;;
        esac
    done
    # Back from the end to a word break; position 0 is never looked at.
    for ((j = n - 1; j > 0; j--)); do
        c=${line:j:1}
        [[ $brk == *"$c"* ]] || continue
        ((found && ${quoted[j]-0})) && continue
        break
    done
    ((j < 0)) && j=0
    c=${line:j:1}
    if [[ -n $c && $brk == *"$c"* ]] && ! ((found && ${quoted[j]-0})); then
        # '$' and '@' say what to complete: they stay in the text.
        [[ $c == [\$@] ]] || ((++j))
    fi
    _shmtool_rl=${line:j}
}

# _shmtool_reply MODE: print the replies for the word at the cursor, one a
# line, after a first line "nospace" or "space".  MODE: spec (a segment
# that exists, a prefix, a path after file: or ftok:), create (private, a
# prefix, a path after ftok:), id, key, path (key's PATH).  Run it in a
# subshell: it sets LC_ALL=C.  $_shmtool_rl is the part readline replaces
# ($2).
_shmtool_reply()
{
    # COMP_POINT counts characters of the locale; all else here, bytes.
    local line=${COMP_LINE:0:COMP_POINT}
    export LC_ALL=C
    set +e
    local mode=$1 rl=$_shmtool_rl word head vh qh v key id spec listed=''
    local -a cands=() alts=() nosp=() out=()
    _shmtool_curword "$line"
    word=$_shmtool_word
    if [[ " ${FUNCNAME[*]} " == *command_offset\ * ]]; then
        _shmtool_rltext "$line"
        rl=$_shmtool_rl
    fi
    # Readline replaces the end of the word; anything else: no answer.
    [[ $word == *"$rl" ]] || return 0
    head=${word:0:${#word}-${#rl}}
    _shmtool_lex "$head"
    vh=$_shmtool_v qh=$_shmtool_q
    # What the head expands to is not known here: offer nothing.
    ((_shmtool_x == 0)) || return 0
    _shmtool_lex "$word"
    v=$_shmtool_v

    # The candidates: values (SPECs as shmtool takes them); alts[i], if
    # set, an escaped form of cands[i] that typed text may match instead;
    # nosp[i] set if no space should follow.
    case $mode:$v in
        path:*)
            _shmtool_files '' "$v"
            ;;
        spec:file:* | spec:ftok:*:* | create:ftok:*:* | *:key:* | *:id:*)
            [[ $mode:$v == spec:file:* ]] && _shmtool_files file: "${v#file:}"
            ;;
        spec:ftok:* | create:ftok:*)
            _shmtool_files ftok: "${v#ftok:}"
            ;;
        create:*)
            cands=(private key: ftok:) nosp=('' 1 1)
            ;;
        *)
            while read -r key id spec; do
                if [[ $mode != id && $key =~ ^0x[0-9a-f]+$ && $key != 0x00000000 ]]; then
                    cands+=("$key")
                fi
                if [[ $mode != key && $id =~ ^[0-9]+$ ]]; then
                    cands+=("$id")
                fi
                if [[ $mode == spec && $spec == /?* && $spec != /*/* ]]; then
                    _shmtool_literal "$spec"
                    cands+=("$_shmtool_out")
                    [[ $_shmtool_out != "$spec" ]] && alts[${#cands[@]} - 1]=$spec
                fi
            done < <(_shmtool_run ls --raw --noheadings -o KEY,ID,SPEC)
            if [[ $mode == spec ]]; then
                local p
                for p in key: id: ftok: file:; do
                    cands+=("$p")
                    nosp[${#cands[@]} - 1]=1
                done
            fi
            ;;
    esac

    # Plain string comparison: what was typed is no pattern, nor are names.
    local -i i n=0 sp=1
    local c
    for i in "${!cands[@]}"; do
        c=${cands[i]}
        if [[ -n $listed ]]; then
            : # paths listed for what was typed: they match it
        elif [[ $c != "$v"* ]]; then
            c=${alts[i]-}
            [[ -n $c && $c == "$v"* ]] || continue
        fi
        [[ $c == "$vh"* ]] || continue
        _shmtool_quote "${c:${#vh}}" "$qh"
        out+=("$_shmtool_out")
        [[ -n ${nosp[i]-} ]] && sp=0
        ((++n))
    done
    ((n == 1 && sp)) && echo space || echo nospace
    ((n == 0)) || printf '%s\n' "${out[@]}"
}

# _shmtool_files PREFIX TYPED: the paths that begin with TYPED (for file:
# its \xNN undone, as shmtool does) into _shmtool_reply's cands, each PREFIX
# and the path, for file: with a backslash before "x" kept as \x5c; a
# directory with a slash and nosp, as a file after ftok:, which goes on
# with :PROJ.  Dot files only if the last part typed starts with '.'.
_shmtool_files()
{
    local prefix=$1 typed=$2 f base dir
    if [[ $prefix == file: ]]; then
        _shmtool_unescape "$typed"
        typed=$_shmtool_out
    fi
    [[ $typed == \~ || $typed == \~/* ]] && typed=$HOME${typed:1}
    base=${typed##*/}
    listed=1
    set +f
    shopt -s nullglob dotglob
    shopt -u failglob nocaseglob nocasematch
    GLOBIGNORE=
    for f in "$typed"*; do
        [[ $base != .* && ${f##*/} == .* ]] && continue
        [[ ${f##*/} == . || ${f##*/} == .. ]] && continue
        dir=''
        [[ -d $f ]] && dir=/
        if [[ $prefix == file: ]]; then
            f=${f//'\x'/'\x5cx'}
        fi
        cands+=("$prefix$f$dir")
        [[ -n $dir || $prefix == ftok: ]] && nosp[${#cands[@]} - 1]=1
    done
}

# Replies of _shmtool_reply MODE into COMPREPLY.
_shmtool_complete()
{
    local -a r
    mapfile -t r < <(_shmtool_reply "$1")
    [[ ${r[0]-} == nospace ]] && compopt -o nospace 2>/dev/null
    COMPREPLY=("${r[@]:1}")
}

# A SPEC: for create "private" (and new names), else the keys, ids and
# /names that exist now; the prefixes key:, id:, ftok: and file: (not for
# create), then a path after file: and ftok:.  $1 is the subcommand.
_shmtool_spec()
{
    if [[ $1 == create ]]; then
        _shmtool_complete create
    else
        _shmtool_complete spec
    fi
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
            _shmtool_complete id
            ;;
        KEY)
            _shmtool_complete key
            ;;
    esac
    # SIZE, MODE, OFFSET, LENGTH, TIME, DURATION: nothing to offer.
}

_shmtool()
{
    local cur prev words cword split _shmtool_rl=${2-}
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
                --ns) ((i + 1 < cword)) && _shmtool_ns=(--ns "${words[i + 1]}"); ((++i)) ;;
                --ns=*) _shmtool_ns=("$w") ;;
                -*) ;;
                *) sub=$w; ((++i)); break ;;
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
        elif [[ ($sub == attach || $sub == lock) && ${#pos[@]} -ge 1 ]]; then
            # attach and lock stop at their SPEC: only "-- CMD..." may follow it.
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

    # attach|lock SPEC -- CMD...: complete CMD as a command line of its own.
    # _command_offset counts in COMP_WORDS, which split at ':' and '=':
    # find the same "--" there.
    if [[ -n $cmdstart ]]; then
        local n=0 k
        for ((k = 1; k < cmdstart; k++)); do
            [[ ${words[k]} == -- ]] && ((++n))
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
    if [[ $cur == -* && -z $dashdash && ! (($sub == attach || $sub == lock) && ${#pos[@]} -ge 1) ]]; then
        local opts
        opts=$(_shmtool_options <<<"$help" | command cut -d' ' -f1)
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi

    case $sub in
        key)
            ((${#pos[@]} == 0)) && _shmtool_complete path
            ;;
        create)
            _shmtool_spec create
            ;;
        attach | lock)
            if ((${#pos[@]} == 0)); then
                _shmtool_spec "$sub"
            elif ((${#pos[@]} == 1)); then
                mapfile -t COMPREPLY < <(compgen -W '--' -- "$cur")
            fi
            ;;
        read | write)
            ((${#pos[@]} == 0)) && _shmtool_spec "$sub"
            ;;
        stat | rm | truncate)
            _shmtool_spec "$sub"
            ;;
        chmod)
            # MODE first (octal: nothing to offer), then SPECs.
            ((${#pos[@]} >= 1)) && _shmtool_spec "$sub"
            ;;
        chown)
            # USER[:GROUP] first, from the user database, then SPECs.
            if ((${#pos[@]} == 0)); then
                [[ $cur != *:* ]] && mapfile -t COMPREPLY < <(compgen -u -- "$cur")
            else
                _shmtool_spec "$sub"
            fi
            ;;
    esac
} &&
    complete -F _shmtool shmtool shmtool-attach shmtool-chmod shmtool-chown \
        shmtool-create shmtool-key shmtool-lock shmtool-ls shmtool-read shmtool-rm \
        shmtool-stat shmtool-truncate shmtool-watch shmtool-write

# ex: filetype=sh
