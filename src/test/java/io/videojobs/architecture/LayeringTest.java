package io.videojobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering, checked on the compiled main classes: the domain packages ({@code job}, {@code realtime},
 * {@code processing}, ...; a subpackage such as {@code job.event} belongs to its domain) form no cycle, and the
 * HTTP layer ({@code api}) is a leaf that nothing else depends on.
 */
@AnalyzeClasses(packages = "io.videojobs", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("io.videojobs.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheApiUsesTheApi = noClasses().that().resideOutsideOfPackage("io.videojobs.api..")
            .should().dependOnClassesThat().resideInAPackage("io.videojobs.api..");
}
