package org.hpcsweep.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@code POST /api/v2/jobs/} body as Rescale does and answers a DRF-style 400 with every
 * problem under its field ({@code {"jobanalyses": [{"hardware": {"coresPerSlot": ["..."]}}]}}).
 */
final class JobRequestReader {
    /** The parts of a valid request the platform runs. */
    record JobRequest(String name, String command, String analysisCode, String analysisVersion, boolean useMpi,
                      int coresPerSlot, int slots, double walltime, List<LocalJob.Input> inputs, Map<String, String> env) {
        int cores() {
            return coresPerSlot * slots;
        }
    }

    private final CoreTypes coreTypes;
    private final boolean oversubscribe;
    private final SoftwareCatalogue software;
    private final FileStore files;

    JobRequestReader(CoreTypes coreTypes, boolean oversubscribe, SoftwareCatalogue software, FileStore files) {
        this.coreTypes = coreTypes;
        this.oversubscribe = oversubscribe;
        this.software = software;
        this.files = files;
    }

    JobRequest read(JsonNode body) {
        Map<String, Object> errors = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            throw new ApiError(400, Map.of("non_field_errors", List.of("Invalid data. Expected a dictionary.")));
        }
        String name = body.path("name").asText("");
        if (!body.path("name").isTextual() || name.isBlank()) {
            errors.put("name", List.of("This field is required."));
        }
        JsonNode analyses = body.path("jobanalyses");
        if (!analyses.isArray() || analyses.isEmpty()) {
            errors.put("jobanalyses", List.of("This field is required."));
            throw new ApiError(400, errors);
        }
        if (analyses.size() > 1) {
            errors.put("jobanalyses", List.of("The local platform runs one analysis per job."));
            throw new ApiError(400, errors);
        }
        JsonNode a = analyses.get(0);
        Map<String, Object> analysisErrors = new LinkedHashMap<>();
        String command = a.path("command").asText("");
        if (!a.path("command").isTextual() || command.isBlank()) {
            analysisErrors.put("command", List.of("This field is required."));
        }
        String code = a.path("analysis").path("code").asText("");
        String version = a.path("analysis").path("version").asText("");
        var known = software.find(code);
        if (known.isEmpty()) {
            analysisErrors.put("analysis", Map.of("code", List.of("Unknown analysis code '" + code + "'; available: " + software.codes()
                    + ". To run it here, add it to the embedded platform's software catalogue " + software.source() + ".")));
        } else if (!known.get().versions().containsKey(version)) {
            analysisErrors.put("analysis", Map.of("version", List.of("Unknown version '" + version + "' of " + code
                    + "; available: " + known.get().versions().keySet() + " (software catalogue: " + software.source() + ")")));
        }
        JsonNode hw = a.path("hardware");
        Map<String, Object> hwErrors = new LinkedHashMap<>();
        String coreType = hw.path("coreType").asText("");
        var type = coreTypes.find(coreType);
        if (type.isEmpty()) {
            hwErrors.put("coreType", List.of("Unknown core type '" + coreType + "'; this platform has: " + coreTypes.codes()));
        }
        int coresPerSlot = hw.path("coresPerSlot").asInt(0);
        if (type.isPresent() && (!hw.path("coresPerSlot").canConvertToInt() || !type.get().cores().contains(coresPerSlot))) {
            hwErrors.put("coresPerSlot", List.of("Select a valid choice. " + hw.path("coresPerSlot").asText()
                    + " is not one of the available choices for core type " + coreType + ": " + type.get().cores() + "."));
        }
        int slots = hw.path("slots").isMissingNode() ? 1 : hw.path("slots").asInt(0);
        if (slots < 1) {
            hwErrors.put("slots", List.of("Ensure this value is greater than or equal to 1."));
        } else if (hwErrors.isEmpty() && !oversubscribe && (long) slots * coresPerSlot > coreTypes.machineCores()) {
            // Every core type runs on this machine: more cores than it has would only share them.
            hwErrors.put("coresPerSlot", List.of(slots + " slot(s) of " + coresPerSlot + " cores exceed this machine's "
                    + coreTypes.machineCores() + " cores. To queue it anyway on the cores there are, set "
                    + "hpcsweep.platform.local.oversubscribe = true (hpc-sweep platform --oversubscribe)."));
        }
        double walltime = hw.path("walltime").isMissingNode() || hw.path("walltime").isNull() ? 24 : hw.path("walltime").asDouble(-1);
        if (!(walltime > 0)) {
            hwErrors.put("walltime", List.of("Ensure this value is greater than 0."));
        }
        if (!hwErrors.isEmpty()) {
            analysisErrors.put("hardware", hwErrors);
        }
        List<LocalJob.Input> inputs = new ArrayList<>();
        JsonNode inputFiles = a.path("inputFiles");
        for (int i = 0; i < inputFiles.size(); i++) {
            String id = inputFiles.get(i).path("id").asText("");
            if (files.find(id).isEmpty()) {
                analysisErrors.put("inputFiles", List.of(Map.of("id", List.of("Invalid file id '" + id + "' - object does not exist."))));
            }
            inputs.add(new LocalJob.Input(id, inputFiles.get(i).path("decompress").asBoolean(true)));
        }
        Map<String, String> env = new LinkedHashMap<>();
        a.path("envVars").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        if (!analysisErrors.isEmpty()) {
            errors.put("jobanalyses", List.of(analysisErrors));
        }
        if (!errors.isEmpty()) {
            throw new ApiError(400, errors);
        }
        return new JobRequest(name, command, code, version, a.path("useMpi").asBoolean(false), coresPerSlot, slots, walltime,
                inputs, env);
    }
}
