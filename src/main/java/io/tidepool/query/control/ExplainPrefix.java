package io.tidepool.query.control;

import java.util.Locale;

/**
 * Recognises a leading {@code EXPLAIN [ANALYZE]} keyword (after any whitespace and comments) so the
 * statement it wraps can be classified by DuckDB's parser, which serialises SELECT statements only.
 * This is not where safety comes from: the wrapped statement must still parse as exactly one SELECT,
 * and it runs in a read-only transaction on a locked-down engine like every other query.
 */
record ExplainPrefix(boolean analyze, String statement) {

    /** The EXPLAIN this SQL starts with, or null if it starts with anything else. */
    static ExplainPrefix of(String sql) {
        int i = skipBlank(sql, 0);
        int end = wordEnd(sql, i);
        if (!"explain".equals(sql.substring(i, end).toLowerCase(Locale.ROOT))) {
            return null;
        }
        int next = skipBlank(sql, end);
        if (next == end && next < sql.length()) {
            return null;
        }
        int wordEnd = wordEnd(sql, next);
        String word = sql.substring(next, wordEnd).toLowerCase(Locale.ROOT);
        if (word.equals("analyze") || word.equals("analyse")) {
            return new ExplainPrefix(true, sql.substring(skipBlank(sql, wordEnd)));
        }
        return new ExplainPrefix(false, sql.substring(next));
    }

    /** The statement that actually runs: the keyword rebuilt in front of the classified statement. */
    String rebuild() {
        return (analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + statement;
    }

    private static int skipBlank(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? sql.length() : newline + 1;
            } else if (sql.startsWith("/*", i)) {
                i = blockCommentEnd(sql, i);
            } else {
                break;
            }
        }
        return i;
    }

    /** Block comments nest in DuckDB's (PostgreSQL's) grammar. */
    private static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    private static int wordEnd(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i;
    }
}
