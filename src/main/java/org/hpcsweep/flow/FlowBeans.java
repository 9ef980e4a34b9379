package org.hpcsweep.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hpcsweep.report.RenderReport;
import org.hpcsweep.report.StudyTrend;
import org.hpcsweep.engine.StepErrors;
import org.hpcsweep.study.StoredRuns;
import org.hpcsweep.study.StudyStore;

/**
 * The flow's beans, built once and wired to one another: what the service binds under the names its
 * route files call (a route file {@code routes/flow/NN-step.yaml} calls the bean of that step).
 */
public final class FlowBeans {
    private final RunRegistry registry = new RunRegistry();
    private final Inbox inbox;
    private final InboxTaken inboxTaken;
    private final Intake intake;
    private final Upload upload;
    private final PollSchedule schedule;
    private final Limits limits;
    private final Collect collect;
    private final Placement placement;
    private final Monitor monitor;
    private final AwaitStudy awaitStudy = new AwaitStudy();
    private final Report report;
    private final Resume resume;

    public FlowBeans(StudyStore store, StoredRuns storedRuns, StepErrors errors, StudyTrend trend, FlowSettings settings) {
        inbox = new Inbox(errors);
        inboxTaken = new InboxTaken(storedRuns);
        intake = new Intake(registry, store, storedRuns, settings);
        upload = new Upload(registry, store, errors);
        schedule = new PollSchedule(settings.minPollMillis(), settings.maxPollMillis(), settings.lookFraction(), settings.clock());
        limits = new Limits(registry, settings.clock());
        collect = new Collect(registry, store, errors, Math.max(settings.minPollMillis(), settings.maxPollMillis()), settings.clock());
        placement = new Placement(registry, store, schedule, collect, errors, settings.settleMillis(), settings.clock());
        monitor = new Monitor(registry, store, schedule, limits, errors, settings.lostAfterMillis(), settings.clock());
        report = new Report(registry, store, new RenderReport(), trend, settings.platformUrl(), settings.clock());
        resume = new Resume(registry, store, storedRuns, schedule, settings);
    }

    /** Each bean under the name the route files call it by. */
    public Map<String, Object> byName() {
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("inbox", inbox);
        beans.put("inboxSeen", inboxTaken);
        beans.put("intake", intake);
        beans.put("upload", upload);
        beans.put("placement", placement);
        beans.put("monitor", monitor);
        beans.put("limits", limits);
        beans.put("collect", collect);
        beans.put("awaitStudy", awaitStudy);
        beans.put("report", report);
        beans.put("resume", resume);
        return beans;
    }

    public RunRegistry registry() {
        return registry;
    }

    public Intake intake() {
        return intake;
    }

    public Placement placement() {
        return placement;
    }

    public Monitor monitor() {
        return monitor;
    }

    public PollSchedule schedule() {
        return schedule;
    }

    public Limits limits() {
        return limits;
    }

    public Collect collect() {
        return collect;
    }

    public Resume resume() {
        return resume;
    }
}
