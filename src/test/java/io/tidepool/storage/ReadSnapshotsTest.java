package io.tidepool.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReadSnapshotsTest {

    @Test
    void waitsOnlyForSnapshotsOpenedBeforeTheMark() throws InterruptedException {
        ReadSnapshots snapshots = new ReadSnapshots();
        ReadSnapshots.Ticket older = snapshots.opening();
        long mark = snapshots.mark();
        ReadSnapshots.Ticket newer = snapshots.opening();
        assertFalse(snapshots.awaitClosedUpTo(mark, Duration.ofMillis(30)), "an older snapshot is open");
        older.close();
        assertTrue(snapshots.awaitClosedUpTo(mark, Duration.ofMillis(30)), "a newer snapshot does not count");
        newer.close();
        assertFalse(snapshots.openUpTo(Long.MAX_VALUE));
    }
}
