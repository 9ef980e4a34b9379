/**
 * The embedded Rescale-compatible platform: a real HTTP server on loopback that speaks the v2 REST
 * subset hpc-sweep uses and really runs the jobs on this machine. Where to start reading:
 * <ul>
 *   <li><b>Serving the API</b>: {@link org.hpcsweep.platform.LocalPlatform} (wiring, start, stop) →
 *       routes/platform/10-files.yaml → {@code PlatformFilesApi}, 20-jobs.yaml → {@code PlatformJobsApi}
 *       (one method per endpoint),
 *       which answers through {@code PlatformAnswers} (token check, status codes, DRF-style errors) in
 *       the shapes of {@code RescaleJson} and {@code PagedList}; a job's body is checked by
 *       {@code JobRequestReader} against {@code CoreTypes} and {@code SoftwareCatalogue}.</li>
 *   <li><b>Files</b>: {@code UploadReceiver} streams an upload to disk with its MD5 taken on the way
 *       ({@code DigestingFileWriter}); {@code FileStore} keeps uploads and job outputs
 *       ({@code StoredFile}).</li>
 *   <li><b>Running a job</b>: {@code LocalScheduler} hands out cores in submit order; {@code JobRunner}
 *       runs one job's life ({@code LocalJob}: request, status history, outputs): {@code JobFiles} stages
 *       its inputs and lists its outputs, {@code JobProcess} starts its command under the wrapper as a
 *       {@code JobUser} taken from {@code JobUsers}, in a clean {@code JobEnvironment}, in a data dir laid
 *       out by {@code PlatformDirs}.</li>
 *   <li><b>Surviving a restart</b>: {@code JobRecords} keeps one JSON record per job and upload;
 *       {@code JobRecovery} reads them at start, re-adopting jobs whose processes outlived the platform
 *       and killing what {@code Orphans} finds left over.</li>
 * </ul>
 */
package org.hpcsweep.platform;
