package io.tidepool.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.w3c.dom.Element;

import io.tidepool.deploy.Dockerfile.Copy;
import io.tidepool.deploy.Dockerfile.Stage;
import io.tidepool.platform.Settings;

/**
 * What docker/Dockerfile must keep true of the repository it is built from, as a list of problems (empty when
 * it holds): every path it copies exists, in the build context or in what the build produces; the image is the
 * official Open Liberty one of the pom's runtime version, built in its documented order; server.xml's shared
 * libraries and application land where server.xml looks for them; the ports it exposes and the environment it sets
 * match server.xml; it runs as the image's non-root user and carries no password.
 */
public final class ImageRules {

    static final String BASE_IMAGE = "icr.io/appcafe/open-liberty";
    static final String CONFIG_DIR = "/config/";
    /** Files of liberty/ the image leaves out on purpose: server.env sets the console log format, which the
     * platform chooses in a container (the Open Liberty Operator sets JSON). */
    static final Set<String> CONFIG_LEFT_OUT = Set.of("server.env");

    private final ProjectFiles project;
    /** What each build stage's working directory corresponds to after `mvn package` on this machine. */
    private final Map<String, Path> stageOutputs;

    public ImageRules(ProjectFiles project, Map<String, Path> stageOutputs) {
        this.project = project;
        this.stageOutputs = stageOutputs;
    }

    /** The stages of docker/Dockerfile and their local equivalents: the Maven stage builds this repository, the
     * node stage runs the same npm ci of tools/deno that the build runs into target/deno. */
    public static ImageRules forThisRepository(ProjectFiles project) {
        return new ImageRules(project, Map.of("build", project.root(), "deno", project.resolve("target/deno")));
    }

    public List<String> problems(Dockerfile dockerfile) {
        List<String> problems = new ArrayList<>();
        Stage image = dockerfile.last();
        baseImage(image, problems);
        copiedPathsExist(dockerfile, problems);
        configuration(image, problems);
        libraryAndApplication(image, problems);
        ports(image, problems);
        environment(dockerfile, image, problems);
        user(image, problems);
        return problems;
    }

    private void baseImage(Stage image, List<String> problems) {
        String version = project.pomProperty("liberty.runtime.version");
        if (!image.image().startsWith(BASE_IMAGE + ":" + version + "-")) {
            problems.add("the image is built FROM " + image.image() + ", not " + BASE_IMAGE + ":" + version
                    + "-... (pom.xml liberty.runtime.version)");
        }
        List<String> runs = image.runs();
        if (runs.isEmpty() || !runs.get(runs.size() - 1).trim().endsWith("configure.sh")
                && !runs.get(runs.size() - 1).contains("configure.sh &&")) {
            problems.add("the last RUN of the image is not configure.sh");
        }
        if (image.image().contains("kernel-slim")) {
            int features = indexOfRun(image, "features.sh");
            int serverXml = indexOfCopyTo(image, CONFIG_DIR, "server.xml");
            if (features < 0) {
                problems.add("a kernel-slim image needs RUN features.sh to install server.xml's features");
            } else if (serverXml < 0 || serverXml > features) {
                problems.add("RUN features.sh comes before server.xml is copied to " + CONFIG_DIR);
            }
        }
    }

    private void copiedPathsExist(Dockerfile dockerfile, List<String> problems) {
        for (Stage stage : dockerfile.stages()) {
            for (Copy copy : stage.copies()) {
                for (String source : copy.sources()) {
                    if (copy.from().isEmpty()) {
                        if (!Files.exists(project.resolve(source))) {
                            problems.add("line " + copy.line() + ": COPY " + source + " does not exist in the repository");
                        }
                        continue;
                    }
                    String from = copy.from().get();
                    Optional<Stage> origin = dockerfile.stage(from);
                    Path local = stageOutputs.get(from);
                    if (origin.isEmpty() || local == null) {
                        problems.add("line " + copy.line() + ": COPY --from=" + from + " names no build stage this test knows");
                        continue;
                    }
                    String workdir = origin.get().workdir().replaceAll("/?$", "/");
                    if (!source.startsWith(workdir)) {
                        problems.add("line " + copy.line() + ": COPY --from=" + from + " " + source + " is outside the stage's "
                                + "WORKDIR " + workdir + ", which is all this test can match to the local build");
                        continue;
                    }
                    Path produced = local.resolve(source.substring(workdir.length()));
                    if (!Files.exists(produced)) {
                        problems.add("line " + copy.line() + ": COPY --from=" + from + " " + source + " is not produced by "
                                + "the build (no " + shown(produced, local) + " after mvn package)");
                    }
                }
            }
        }
    }

    private void configuration(Stage image, List<String> problems) {
        Set<String> copied = new TreeSet<>();
        for (Copy copy : image.copies()) {
            if (copy.from().isEmpty() && copy.destination().equals(CONFIG_DIR)) {
                copy.sources().stream().filter(s -> s.startsWith("liberty/")).map(s -> s.substring("liberty/".length()))
                        .forEach(copied::add);
            }
        }
        Set<String> expected;
        try (Stream<Path> files = Files.list(project.resolve("liberty"))) {
            expected = files.map(f -> f.getFileName().toString()).filter(f -> !CONFIG_LEFT_OUT.contains(f))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!copied.equals(expected)) {
            problems.add("the image copies " + copied + " from liberty/ to " + CONFIG_DIR + ", the server needs " + expected);
        }
    }

    private void libraryAndApplication(Stage image, List<String> problems) {
        List<String> expected = new ArrayList<>();
        for (Element library : project.serverElements("library")) {
            Element fileset = (Element) library.getElementsByTagName("fileset").item(0);
            expected.add(fileset.getAttribute("dir").replace("${server.config.dir}/", CONFIG_DIR) + "/"
                    + fileset.getAttribute("includes"));
        }
        expected.add(CONFIG_DIR + "apps/" + project.serverElement("webApplication", "tidepool").getAttribute("location"));
        Set<String> destinations = image.copies().stream().map(Copy::destination).collect(Collectors.toSet());
        for (String path : expected) {
            if (!destinations.contains(path)) {
                problems.add("nothing is copied to " + path + ", where liberty/server.xml looks for it");
            }
        }
    }

    private void ports(Stage image, List<String> problems) {
        Set<Integer> expected = Set.of(project.port("tidepool.otlp.port"), project.port("tidepool.management.port"),
                project.port("tidepool.management.https-port"));
        Set<Integer> exposed = new TreeSet<>(image.exposedPorts());
        if (!exposed.equals(new TreeSet<>(expected))) {
            problems.add("the image exposes " + exposed + ", server.xml's OTLP and management ports are " + new TreeSet<>(expected)
                    + " (the SDK and admin ports stay on loopback)");
        }
    }

    private void environment(Dockerfile dockerfile, Stage image, List<String> problems) {
        Map<String, String> env = image.env();
        Map<String, String> known = project.settingsByEnvironmentName();
        for (String name : env.keySet()) {
            if (name.startsWith("TIDEPOOL_") && !known.containsKey(name)) {
                problems.add("ENV " + name + " sets no variable of liberty/server.xml and no setting of docs/configuration.md");
            }
        }
        for (String host : List.of("tidepool.sdk.host", "tidepool.admin.host")) {
            String value = env.get(Settings.environmentName(host));
            if (value != null && !value.equals("127.0.0.1") && !value.equals("localhost")) {
                problems.add("ENV " + Settings.environmentName(host) + "=" + value + " takes " + host + " off loopback");
            }
        }
        List<String> volumes = image.volumes();
        for (String path : List.of("tidepool.db.path", "tidepool.scripts.store-path")) {
            String value = env.get(Settings.environmentName(path));
            if (value == null || volumes.stream().noneMatch(v -> value.startsWith(v.replaceAll("/?$", "/")))) {
                problems.add(Settings.environmentName(path) + " (" + value + ") is not on a VOLUME " + volumes);
            }
        }
        String deno = env.get(Settings.environmentName("tidepool.scripts.deno-path"));
        boolean denoCopied = image.copies().stream().anyMatch(c -> c.from().filter("deno"::equals).isPresent()
                && c.destination().equals(deno));
        if (!denoCopied) {
            problems.add("TIDEPOOL_SCRIPTS_DENO_PATH (" + deno + ") is not where the image copies Deno from the deno stage");
        }
        if (image.runs().stream().noneMatch(r -> r.contains("prlimit --version"))) {
            problems.add("no RUN proves that prlimit (util-linux) is in the image");
        }
        for (Stage stage : dockerfile.stages()) {
            for (String name : union(stage.env().keySet(), stage.args().keySet())) {
                if (name.matches("(?i).*(PASSWORD|SECRET|PASSPHRASE).*")) {
                    problems.add("stage " + stage.image() + " sets " + name + ": credentials never go into the image");
                }
            }
        }
    }

    private static void user(Stage image, List<String> problems) {
        String user = image.user().orElse("");
        if (!user.equals("1001") && !user.startsWith("1001:")) {
            problems.add("the image runs as user '" + user + "', not as the Open Liberty image's non-root user 1001");
        }
    }

    private Path shown(Path produced, Path local) {
        return produced.startsWith(project.root()) ? project.root().relativize(produced) : local.relativize(produced);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static int indexOfRun(Stage stage, String text) {
        for (int i = 0; i < stage.instructions().size(); i++) {
            if (stage.instructions().get(i).keyword().equals("RUN") && stage.instructions().get(i).arguments().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfCopyTo(Stage stage, String destination, String fileName) {
        for (int i = 0; i < stage.instructions().size(); i++) {
            var instruction = stage.instructions().get(i);
            if (instruction.keyword().equals("COPY")) {
                Copy copy = Dockerfile.copy(instruction);
                if (copy.destination().equals(destination) && copy.sources().stream().anyMatch(s -> s.endsWith("/" + fileName))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
