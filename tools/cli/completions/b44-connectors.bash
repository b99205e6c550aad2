# bash completion for b44-connectors: its commands and options, and the
# integration types and actions of the adapters it loads. The names come from
# the CLI itself (b44-connectors __complete ...), so they never drift.

_b44_connectors() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=""
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local cli=${COMP_WORDS[0]}
  COMPREPLY=()

  # A value after an option that takes one.
  case $prev in
    --plugin-path)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
      ;;
    --output)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --args | --data | --data-binary)
      if [[ $cur == @* ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "${cur#@}" | sed 's/^/@/')
      fi
      return
      ;;
  esac
  local valued
  valued=" $("$cli" __complete valued 2>/dev/null | tr '\n' ' ') "
  [[ $prev == --* && $valued == *" $prev "* ]] && return

  # The command and its operands so far; the adapter directories given.
  local operands=() plugin_paths=() i word after_dashes=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ -n $after_dashes ]]; then
      operands+=("$word")
    elif [[ $word == -- ]]; then
      after_dashes=1
    elif [[ $word == --plugin-path=* ]]; then
      plugin_paths+=("$word")
    elif [[ $word == --*=* ]]; then
      :
    elif [[ $word == -* ]]; then
      if [[ $valued == *" $word "* ]]; then
        ((i++))
        [[ $word == --plugin-path ]] && plugin_paths+=("--plugin-path=${COMP_WORDS[i]}")
      fi
    else
      operands+=("$word")
    fi
  done

  local names=""
  if [[ $cur == -* && -z $after_dashes ]]; then
    names=$("$cli" __complete options "${operands[0]}" 2>/dev/null)
  elif ((${#operands[@]} == 0)); then
    names=$("$cli" __complete commands 2>/dev/null)
  else
    case "${operands[0]}:${#operands[@]}" in
      describe:1 | get-connection:1 | call:1 | request:1)
        names=$("$cli" "${plugin_paths[@]}" __complete types 2>/dev/null)
        ;;
      call:2)
        names=$("$cli" "${plugin_paths[@]}" __complete actions "${operands[1]}" 2>/dev/null)
        ;;
      request:2)
        names="GET POST PUT PATCH DELETE HEAD OPTIONS"
        ;;
      help:1)
        names=$("$cli" __complete commands 2>/dev/null)
        ;;
    esac
  fi
  mapfile -t COMPREPLY < <(compgen -W "$names" -- "$cur")
}

complete -F _b44_connectors b44-connectors
