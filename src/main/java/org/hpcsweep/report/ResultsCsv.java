package org.hpcsweep.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code results.csv}: one row per job (every repeat is a row) in matrix order, columns
 * {@link ResultRow#columns}: one per series parameter, named after it, then procs, repeat and the rest.
 * RFC 4180 quoting (CRLF line ends, fields with commas, quotes or line breaks in double quotes),
 * UTF-8, '.' as decimal separator whatever the locale.
 */
public final class ResultsCsv {

    public static final String FILE_NAME = "results.csv";

    private ResultsCsv() {
    }

    public static Path write(Path dir, List<String> parameters, List<ResultRow> rows) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, toCsv(parameters, rows), StandardCharsets.UTF_8);
        return file;
    }

    public static String toCsv(List<String> parameters, List<ResultRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append(line(ResultRow.columns(parameters)));
        for (ResultRow row : rows) {
            out.append(line(row.cells()));
        }
        return out.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().map(ResultsCsv::quote).collect(Collectors.joining(",")) + "\r\n";
    }

    /** Quotes only when needed, so plain numbers and ids stay readable. */
    static String quote(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0 || (!cell.isEmpty() && (cell.charAt(0) == ' ' || cell.endsWith(" ")));
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
