package org.hpcsweep.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hpcsweep.files.TestZips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A job definition written for Rescale (its core types, software, useMpi, executable scripts) runs unchanged here. */
class RescaleParityTest {
    private static final String KEY = "parity-test-key";
    @TempDir
    static Path dir;
    @RegisterExtension
    static final OnePlatform PLATFORM = new OnePlatform(KEY);

    @Test
    void should_list_rescales_core_types_in_rescales_shape_with_their_core_choices() throws Exception {
        JsonNode types = PLATFORM.api().get("/api/v2/coretypes/?page_size=100").json();
        Map<String, JsonNode> byCode = new LinkedHashMap<>();
        types.path("results").forEach(t -> byCode.put(t.path("code").asText(), t));
        assertEquals(types.path("count").asInt(), byCode.size());
        assertTrue(byCode.keySet().containsAll(Set.of("local", "emerald", "hpc-3", "hpc-5", "onyx", "nickel")), byCode.keySet().toString());
        for (JsonNode t : byCode.values()) {
            for (String field : List.of("code", "name", "cores", "memory", "displayOrder", "isDeprecated")) {
                assertTrue(t.has(field), t.path("code") + " has " + field);
            }
            assertTrue(t.path("cores").isArray() && t.path("cores").get(0).asInt() == 1, t.toString());
        }
        List<Integer> hpc3 = new ArrayList<>();
        byCode.get("hpc-3").path("cores").forEach(c -> hpc3.add(c.asInt()));
        assertTrue(hpc3.containsAll(List.of(1, 2, 4, 8, 18, 36)), "the tutorial's core counts on hpc-3: " + hpc3);
    }

    @Test
    void should_list_the_software_catalogue_in_rescales_shape() throws Exception {
        JsonNode analyses = PLATFORM.api().get("/api/v2/analyses/").json();
        Map<String, JsonNode> byCode = new LinkedHashMap<>();
        analyses.path("results").forEach(a -> byCode.put(a.path("code").asText(), a));
        for (JsonNode a : byCode.values()) {
            assertTrue(a.has("name") && a.path("versions").isArray(), a.toString());
            a.path("versions").forEach(v -> assertTrue(v.has("version") && v.has("versionCode"), v.toString()));
        }
        List<String> anaconda = new ArrayList<>();
        byCode.get("anaconda").path("versions").forEach(v -> anaconda.add(v.path("version").asText()));
        assertTrue(anaconda.contains("5.3.1"), anaconda.toString());
        assertEquals("0", byCode.get("user_included").path("versions").get(0).path("version").asText());
    }

    @Test
    void should_refuse_an_unknown_analysis_code_naming_the_catalogue_to_extend() throws Exception {
        PlatformClient.Answer answer = PLATFORM.api().post("/api/v2/jobs/", job("x", "true", "abaqus", "2023", "emerald", 1, false, null));
        assertEquals(400, answer.status());
        String message = answer.json().path("jobanalyses").get(0).path("analysis").path("code").get(0).asText();
        assertTrue(message.contains("'abaqus'") && message.contains("software.yaml"), message);
    }

    @Test
    void should_refuse_more_cores_than_the_machine_has_with_a_drf_400_that_names_the_setting() throws Exception {
        PlatformClient.Answer answer = PLATFORM.api().post("/api/v2/jobs/", job("big", "true", "anaconda", "5.3.1", "hpc-3", 18, true, null));
        assertEquals(400, answer.status(), answer.body());
        String message = answer.json().path("jobanalyses").get(0).path("hardware").path("coresPerSlot").get(0).asText();
        assertTrue(message.contains("exceed this machine's 2 cores") && message.contains("hpcsweep.platform.local.oversubscribe"), message);
    }

    @Test
    void should_queue_and_run_an_oversubscribed_job_when_the_setting_allows_it() throws Exception {
        Path data = Files.createTempDirectory(dir, "over");
        try (LocalPlatform one = LocalPlatform.start(new LocalPlatformSettings("127.0.0.1", 0, data, Set.of(KEY), 1, "", true))) {
            PlatformClient api = new PlatformClient(one.baseUrl(), KEY);
            String id = api.submit(job("over", "echo $RESCALE_CORES_PER_SLOT $NPROCS > cores.txt", "user_included", "0", "emerald", 4, false, null));
            assertEquals("Completed successfully", completedReason(api, id));
            assertEquals("4 4\n", api.output(id, "cores.txt"));
            assertEquals(1, one.peakBusyCores(), "an oversubscribed job holds the machine's cores, not more");
        }
    }

    @Test
    void should_run_an_executable_script_from_the_zip_with_rescales_mpi_environment() throws Exception {
        Path zip = TestZips.write(dir.resolve("mpi-env.zip"), List.of(new TestZips.Entry("run.sh", """
                #!/bin/bash
                echo "$1 $RESCALE_CORES_PER_SLOT $RESCALE_NODES_PER_SLOT $RESCALE_CORES_PER_NODE" > env.txt
                cat "$HOME/machinefile" > hosts.txt
                """, 0755)));
        String file = PLATFORM.api().upload(zip).json().path("id").asText();
        String id = PLATFORM.api().submit(job("mpi-env", "./run.sh 2", "user_included", "0", "emerald", 2, true, file));
        assertEquals("Completed successfully", completedReason(PLATFORM.api(), id), () -> log(PLATFORM.api(), id));
        assertEquals("2 2 1 2\n", PLATFORM.api().output(id, "env.txt"));
        assertEquals("localhost slots=2\n", PLATFORM.api().output(id, "hosts.txt"));
        assertTrue(PLATFORM.api().outputs(id).keySet().equals(Set.of("env.txt", "hosts.txt", "process_output.log")),
                "neither the inputs nor the machinefile are outputs: " + PLATFORM.api().outputs(id).keySet());
    }

    @Test
    void should_run_the_tutorials_job_definition_with_mpirun_and_python3_as_written() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mpirun")), "Open MPI is not installed (.ci/install-openmpi.sh installs it)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed (.ci/install-openmpi.sh installs it)");
        Path zip = TestZips.write(dir.resolve("tutorial.zip"), List.of(new TestZips.Entry("code/sampler.py", """
                import os, sys, time
                rank = int(os.environ["OMPI_COMM_WORLD_RANK"])
                size = int(os.environ["OMPI_COMM_WORLD_SIZE"])
                open("rank-%d.txt" % rank, "w").write(sys.argv[1])
                if rank == 0:
                    open("comp_time.log", "w").write("%d 0.5\\n" % size)
                """, 0644)));
        String file = PLATFORM.api().upload(zip).json().path("id").asText();
        String command = "cd code; mpirun -np 2 python3 sampler.py alloy.txt alloy.out 20000 SMC && python -c 'print(\"python is here\")'";
        String id = PLATFORM.api().submit(job("Sampling 2", command, "anaconda", "5.3.1", "hpc-3", 2, true, file));
        assertEquals("Completed successfully", completedReason(PLATFORM.api(), id), () -> log(PLATFORM.api(), id));
        assertEquals("2 0.5\n", PLATFORM.api().output(id, "code/comp_time.log"));
        assertEquals("alloy.txt", PLATFORM.api().output(id, "code/rank-1.txt"));
        assertTrue(PLATFORM.api().output(id, "process_output.log").contains("python is here"));
    }

    static String job(String name, String command, String code, String version, String coreType, int cores, boolean mpi,
                      String fileId) throws Exception {
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("command", command);
        analysis.put("useMpi", mpi);
        analysis.put("analysis", Map.of("code", code, "version", version));
        analysis.put("hardware", Map.of("coreType", coreType, "coresPerSlot", cores, "slots", 1, "walltime", 0.05));
        analysis.put("inputFiles", fileId == null ? List.of() : List.of(Map.of("id", fileId, "decompress", true)));
        analysis.put("envVars", Map.of());
        return PlatformClient.JSON.writeValueAsString(Map.of("name", name, "jobanalyses", List.of(analysis)));
    }

    private static String completedReason(PlatformClient api, String id) throws Exception {
        return api.awaitStatus(id, "Completed").path("statusReason").asText();
    }

    /** The job's log, for a failed assertion's message. */
    private static String log(PlatformClient api, String id) {
        try {
            return api.output(id, "process_output.log");
        } catch (Exception | AssertionError e) {
            return "(no process_output.log: " + e.getMessage() + ")";
        }
    }
}
