package io.tidepool.incontainer;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive Arquillian deploys for an in-container test: the WAR `mvn package` built, unchanged in its classes,
 * libraries and beans.xml, plus the test classes. Two descriptors differ, so that Arquillian's test servlet is
 * reachable on the management port it calls: no binding to tidepool_host (WEB-INF/ibm-web-bnd.xml) and a web.xml
 * without PlaneFilter, which answers 404 to any path on a port that is not one of Tidepool's planes. The tests
 * reach Tidepool's beans and data sources directly, so neither the filters nor the planes are under test here;
 * the HTTP ITs cover them.
 */
public final class TidepoolArchive {

    /** The WAR of this build (failsafe passes its path). */
    private static final File WAR = new File(System.getProperty("it.war", "target/tidepool.war"));

    private TidepoolArchive() {
    }

    public static WebArchive with(Class<?>... tests) {
        if (!WAR.isFile()) {
            throw new IllegalStateException(WAR + " is missing: the in-container tests deploy the packaged WAR (mvn verify builds it)");
        }
        WebArchive archive = ShrinkWrap.create(ZipImporter.class, "tidepool-incontainer.war").importFrom(WAR).as(WebArchive.class);
        archive.delete("WEB-INF/ibm-web-bnd.xml");
        archive.setWebXML(TidepoolArchive.class.getPackage(), "web.xml");
        archive.addClass(TidepoolArchive.class);
        archive.addClasses(tests);
        return archive;
    }
}
