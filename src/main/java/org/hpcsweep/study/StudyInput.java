package org.hpcsweep.study;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an input zip before anything is uploaded and finds its study file: {@code study.yaml} at the
 * zip's root, or {@code NAME.study.yaml} beside {@code NAME.zip} (which wins, so one zip can be run
 * with several study files).
 */
public final class StudyInput {
    public static final String STUDY_FILE = "study.yaml";
    /** The largest study file taken, in the zip, beside it or as the API's {@code study} part. */
    public static final long MAX_STUDY_FILE_BYTES = 1 << 20;

    private StudyInput() {
    }

    /** The sidecar study file of {@code zip}: {@code NAME.study.yaml} in the same folder. */
    public static Path sidecarOf(Path zip) {
        String name = zip.getFileName().toString();
        String base = name.toLowerCase().endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        return zip.resolveSibling(base + ".study.yaml");
    }

    /**
     * The SHA-256 of what a study is run from: the zip's bytes, then its sidecar study file's if it has
     * one, so the same code with a changed sidecar counts as new.
     */
    public static String checksum(Path zip) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : Files.isRegularFile(sidecarOf(zip)) ? List.of(zip, sidecarOf(zip)) : List.of(zip)) {
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new StudyInputException(zip.getFileName() + ": cannot be read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** How errors name the study file of {@code zip}. */
    public static String studyFileName(Path zip) {
        Path sidecar = sidecarOf(zip);
        return Files.isRegularFile(sidecar) ? sidecar.getFileName().toString() : zip.getFileName() + "!/" + STUDY_FILE;
    }

    /** The text of the zip's study file (sidecar first), after checking the zip is sound. */
    public static String studyFileText(Path zip) {
        String name = zip.getFileName().toString();
        checkMagic(zip, name);
        List<String> entries = new ArrayList<>();
        String rootStudyFile = null;
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = zf.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String entryName = entry.getName();
                if (escapes(entryName)) {
                    throw new StudyInputException(name + ": entry '" + entryName + "' would be unpacked outside the job's "
                            + "work dir; refusing the zip (remove '..' and leading '/' from its paths)");
                }
                if (!entry.isDirectory()) {
                    entries.add(entryName);
                }
                if (entryName.equals(STUDY_FILE)) {
                    rootStudyFile = read(zf, entry, name);
                }
            }
        } catch (ZipException e) {
            throw new StudyInputException(name + ": corrupt zip archive (" + e.getMessage() + "); re-create it and drop it again");
        } catch (IOException e) {
            throw new StudyInputException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        if (entries.isEmpty()) {
            throw new StudyInputException(name + ": the zip holds no files; it should hold your code and a " + STUDY_FILE);
        }
        Path sidecar = sidecarOf(zip);
        if (Files.isRegularFile(sidecar)) {
            try {
                if (Files.size(sidecar) > MAX_STUDY_FILE_BYTES) {
                    throw new StudyInputException(sidecar.getFileName() + " is larger than 1 MiB; is it the right file?");
                }
                return Files.readString(sidecar, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StudyInputException(sidecar.getFileName() + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        if (rootStudyFile != null) {
            return rootStudyFile;
        }
        String nested = entries.stream().filter(e -> e.endsWith("/" + STUDY_FILE)).findFirst().orElse(null);
        throw new StudyInputException(name + ": no " + STUDY_FILE + " at the root of the zip and no " + sidecar.getFileName()
                + " beside it" + (nested == null ? "" : "; found '" + nested + "': zip the folder's contents, not the folder itself"));
    }

    private static void checkMagic(Path zip, String name) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(zip)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new StudyInputException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        boolean zipHeader = n == 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6);
        if (!zipHeader) {
            throw new StudyInputException(name + ": not a zip archive" + (n == 0 ? " (the file is empty)" : "")
                    + "; hpc-sweep takes a .zip of your code with a " + STUDY_FILE + " at its root");
        }
    }

    static boolean escapes(String entryName) {
        String normalized = entryName.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            return true;
        }
        int depth = 0;
        for (String part : normalized.split("/")) {
            if (part.equals("..")) {
                depth--;
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }

    private static String read(ZipFile zf, ZipEntry entry, String zipName) throws IOException {
        if (entry.getSize() > MAX_STUDY_FILE_BYTES) {
            throw new StudyInputException(zipName + ": " + STUDY_FILE + " is larger than 1 MiB; is it the right file?");
        }
        try (InputStream in = zf.getInputStream(entry)) {
            return new String(in.readNBytes((int) MAX_STUDY_FILE_BYTES), StandardCharsets.UTF_8);
        }
    }
}
