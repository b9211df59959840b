package io.tidepool.query.control;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A result's columns: unique names (rows are objects keyed by name, so a repeated name gets a
 * suffix, {@code a}, {@code a_2}, rather than overwrite a value), DuckDB type names, and the writer
 * of each column's values, chosen once per result.
 */
record ResultColumns(List<String> names, List<String> types, List<ColumnWriter> writers) {

    static ResultColumns of(ResultSetMetaData meta) throws SQLException {
        int count = meta.getColumnCount();
        List<String> names = new ArrayList<>(count);
        List<String> types = new ArrayList<>(count);
        List<ColumnWriter> writers = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= count; i++) {
            String name = meta.getColumnLabel(i);
            String unique = name;
            for (int n = 2; !seen.add(unique); n++) {
                unique = name + "_" + n;
            }
            names.add(unique);
            String type = meta.getColumnTypeName(i);
            types.add(type);
            writers.add(ColumnWriter.forType(type));
        }
        return new ResultColumns(List.copyOf(names), List.copyOf(types), List.copyOf(writers));
    }

    int size() {
        return names.size();
    }
}
