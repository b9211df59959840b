package it.io.tidepool.generated;

import java.util.ArrayList;
import java.util.List;

/** One public surface's generator: the {@code index}-th request of a run, drawn from the run's seed. */
interface Inputs {

    Generated request(int index);

    default List<Generated> requests(int count) {
        List<Generated> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(request(i));
        }
        return requests;
    }
}
