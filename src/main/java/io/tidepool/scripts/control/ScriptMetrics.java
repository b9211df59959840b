package io.tidepool.scripts.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunState;

/** The script runner's application metrics (on the management endpoint's /metrics). */
@ApplicationScoped
public class ScriptMetrics {

    @Inject
    MetricRegistry registry;

    @Inject
    RunLauncher launcher;

    /** Registers the gauges at start-up rather than at the first finished run. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // Observing is enough: the bean is created, and @PostConstruct registers.
    }

    @PostConstruct
    void registerGauges() {
        registry.gauge(Metadata.builder().withName("tidepool.scripts.runs.running")
                .withDescription("Script runs executing now").build(), launcher, l -> l.activeCount(RunState.RUNNING));
        registry.gauge(Metadata.builder().withName("tidepool.scripts.runs.queued")
                .withDescription("Script runs waiting for a free slot of the executor").build(), launcher,
                l -> l.activeCount(RunState.QUEUED));
    }

    public void finished(Run run) {
        registry.counter(Metadata.builder().withName("tidepool.scripts.runs")
                .withDescription("Finished script runs by script and outcome").build(),
                new Tag("script", run.script()), new Tag("outcome", run.outcome().label())).inc();
        if (!run.denied().isEmpty()) {
            registry.counter(Metadata.builder().withName("tidepool.scripts.sandbox.denials")
                    .withDescription("Runs whose script was denied an access by the sandbox, by script").build(),
                    new Tag("script", run.script())).inc();
        }
    }
}
