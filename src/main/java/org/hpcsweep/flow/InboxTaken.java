package org.hpcsweep.flow;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.hpcsweep.study.StoredRuns;

/**
 * The inbox's idempotent repository: a zip is taken when a run recorded from it exists (and was not
 * abandoned). Nothing is written here: the run's own record is the mark, made in the one statement
 * that records the run, so a crash between picking a zip up and recording its run loses nothing (the
 * zip is taken again after the restart), and one after it runs nothing twice (the run is resumed,
 * the zip skipped). An abandoned run's zip may be dropped again.
 */
public final class InboxTaken extends ServiceSupport implements IdempotentRepository {
    private final StoredRuns storedRuns;

    InboxTaken(StoredRuns storedRuns) {
        this.storedRuns = storedRuns;
    }

    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    @Override
    public boolean contains(String key) {
        return storedRuns.inboxKeyTaken(key);
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        // The runs are the record; they are not cleared.
    }
}
