package io.videojobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering, checked on the compiled main classes: the domain packages ({@code job}, {@code realtime},
 * {@code processing}, ...; a subpackage such as {@code job.event} belongs to its domain) form no cycle, and the
 * HTTP layer ({@code api}) is a leaf that nothing else depends on. Inside {@code processing}, each role package
 * uses only those the map in {@code src/docs/architecture.md} allows. {@link LayeringRulesTest} runs these rules
 * against a class that breaks them, so that they cannot pass by matching nothing.
 */
@AnalyzeClasses(packages = "io.videojobs", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String PROCESSING = "io.videojobs.processing";
    private static final String RUN = PROCESSING + ".run..";
    private static final String MEDIA = PROCESSING + ".media..";
    private static final String OPENAI = PROCESSING + ".openai..";
    private static final String SPEECH = PROCESSING + ".speech..";
    private static final String METADATA = PROCESSING + ".metadata..";
    private static final String STAGE = PROCESSING + ".stage..";
    private static final String ENGINE = PROCESSING + ".engine..";

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.videojobs.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheApiUsesTheApi = noClasses().that().resideOutsideOfPackage("io.videojobs.api..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.api..");

    /** Resumable uploads are reached through their API only; they use jobs, storage and security, never the other way. */
    @ArchTest
    static final ArchRule onlyTheApiUsesUploads = noClasses().that().resideOutsideOfPackages("io.videojobs.api..",
                    "io.videojobs.upload..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.upload..");

    /**
     * Webhooks follow the event log (its outbox trigger) and are woken by a CDI event, so nothing but the HTTP layer
     * calls them, and they know neither the engine nor the sockets.
     */
    @ArchTest
    static final ArchRule onlyTheApiUsesWebhooks = noClasses().that()
            .resideOutsideOfPackages("io.videojobs.webhooks..", "io.videojobs.api..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.webhooks..");

    @ArchTest
    static final ArchRule webhooksKnowNeitherTheEngineNorTheSockets = noClasses().that()
            .resideInAPackage("io.videojobs.webhooks..")
            .should().dependOnClassesThat().resideInAnyPackage("io.videojobs.processing..", "io.videojobs.realtime..");

    /** Outgoing requests to URLs users give go through the pinned client, never a client that resolves names itself. */
    @ArchTest
    static final ArchRule userUrlsAreFetchedOnlyByThePinnedClient = noClasses().that()
            .resideInAnyPackage("io.videojobs.webhooks..", PROCESSING + ".engine..")
            .should().dependOnClassesThat().haveFullyQualifiedName("java.net.HttpURLConnection")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient");

    /** Search, list filters and counts only read: nothing in {@code search} writes a job's event log. */
    @ArchTest
    static final ArchRule searchOnlyReads = noClasses().that().resideInAPackage("io.videojobs.search..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.job.event..");

    /**
     * A bulk action changes each job through the service its single-job endpoint uses (same checks, same events),
     * never by writing jobs or their log itself.
     */
    @ArchTest
    static final ArchRule bulkActsThroughTheJobServices = noClasses().that().resideInAPackage("io.videojobs.bulk..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.job.event..")
            .orShould().dependOnClassesThat().resideInAPackage("io.videojobs.processing..");

    @ArchTest
    static final ArchRule processingPackagesFormNoCycle = slices().matching(PROCESSING + ".(*)..")
            .should().beFreeOfCycles();

    /** A new processing package has to be placed in the layering below first. */
    @ArchTest
    static final ArchRule processingClassesLiveInARolePackage = classes().that().resideInAPackage(PROCESSING + "..")
            .should().resideInAnyPackage(RUN, MEDIA, OPENAI, SPEECH, METADATA, STAGE, ENGINE);

    /** Stages, tools and models reach the engine only through what it hands them (the stage context and sink). */
    @ArchTest
    static final ArchRule onlyTheEngineUsesItsBookkeeping = noClasses().that().resideInAPackage(PROCESSING + "..")
            .and().resideOutsideOfPackage(ENGINE)
            .should().dependOnClassesThat().resideInAPackage(ENGINE);

    @ArchTest
    static final ArchRule modelAdaptersDoNotKnowStages = noClasses().that().resideInAnyPackage(SPEECH, METADATA, OPENAI)
            .should().dependOnClassesThat().resideInAPackage(STAGE);

    /** The engine finds the stages as beans of the stage interface ({@code run.StageRunner}), never by class. */
    @ArchTest
    static final ArchRule theEngineKnowsStagesOnlyThroughTheirInterface = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAPackage(STAGE);

    /** Who may use whom inside {@code processing}, as the table in {@code src/docs/architecture.md}. */
    @ArchTest
    static final ArchRule processingLayers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("run").definedBy(RUN)
            .layer("media").definedBy(MEDIA)
            .layer("openai").definedBy(OPENAI)
            .layer("speech").definedBy(SPEECH)
            .layer("metadata").definedBy(METADATA)
            .layer("stage").definedBy(STAGE)
            .layer("engine").definedBy(ENGINE)
            .whereLayer("run").mayNotAccessAnyLayer()
            .whereLayer("media").mayOnlyAccessLayers("run")
            .whereLayer("openai").mayOnlyAccessLayers("run")
            .whereLayer("speech").mayOnlyAccessLayers("run", "media", "openai")
            .whereLayer("metadata").mayOnlyAccessLayers("run", "openai", "speech")
            .whereLayer("stage").mayOnlyAccessLayers("run", "media", "speech", "metadata")
            .whereLayer("engine").mayOnlyAccessLayers("run", "media");
}
