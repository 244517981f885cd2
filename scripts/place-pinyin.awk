# Compiles data/place-pinyin.tsv into a C initializer list (one
# { kind, text, reading } per entry) for src/registry/pinyin.c; a bad line
# stops the build with file:line and the reason.
BEGIN { FS = "\t"; kinds = " char word suffix generic joined ethnic " }
/^#/ || /^[ \t]*$/ { next }
{
    if (NF != 3 || index(kinds, " " $1 " ") == 0 || $2 == "" || $3 == "") {
        printf "%s:%d: expected KIND<TAB>TEXT<TAB>READING with KIND one of%s\n",
               FILENAME, FNR, kinds > "/dev/stderr"
        bad = 1
        exit 1
    }
    if ($2 ~ /["\\]/ || $3 ~ /["\\]/) {
        printf "%s:%d: quotes and backslashes are not allowed\n", FILENAME, FNR > "/dev/stderr"
        bad = 1
        exit 1
    }
    printf "    {PY_%s, \"%s\", \"%s\"},\n", toupper($1), $2, $3
}
END { if (bad) exit 1 }
