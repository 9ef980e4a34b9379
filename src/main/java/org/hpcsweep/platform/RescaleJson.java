package org.hpcsweep.platform;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of Rescale's v2 answers the local platform gives: a file, a job status, a job (in
 * the job list with its latest status as {@code jobStatus}, as Rescale's list has it). Field names and
 * order as in Rescale's API documentation (../shared/rescale-api-v2.md).
 */
final class RescaleJson {
    private RescaleJson() {
    }

    static Map<String, Object> file(String baseUrl, StoredFile f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", f.id());
        json.put("name", f.name());
        json.put("typeId", f.typeId());
        json.put("downloadUrl", baseUrl + "/api/v2/files/" + f.id() + "/contents/");
        json.put("decryptedSize", f.size());
        json.put("relativePath", f.relativePath());
        json.put("path", "user/" + f.id() + "/" + f.relativePath());
        json.put("md5", f.md5());
        json.put("isUploaded", true);
        json.put("dateUploaded", DateTimeFormatter.ISO_INSTANT.format(f.dateUploaded()));
        return json;
    }

    static Map<String, Object> status(JobStatus s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", s.status());
        json.put("statusDate", DateTimeFormatter.ISO_INSTANT.format(s.statusDate()));
        json.put("statusReason", s.statusReason());
        return json;
    }

    static Map<String, Object> job(LocalJob job, boolean withStatus) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("name", job.name());
        json.put("jobanalyses", job.request().path("jobanalyses"));
        json.put("projectId", job.request().path("projectId").isMissingNode() ? null : job.request().path("projectId"));
        if (withStatus) {
            JobStatus latest = job.latest();
            json.put("jobStatus", Map.of("content", latest.status(), "statusDate", DateTimeFormatter.ISO_INSTANT.format(latest.statusDate()),
                    "statusReason", latest.statusReason() == null ? "" : latest.statusReason()));
        }
        return json;
    }
}
