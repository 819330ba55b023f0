package io.videojobs.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.videojobs.processing.stage.misplaced.StageThatRecordsItsOwnRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processing rules of {@link LayeringTest} catch what they are meant to: run against the main classes of {@code processing} plus
 * {@link StageThatRecordsItsOwnRun}, a stage in the test sources that uses the engine's {@code RunRecorder},
 * they report it; so a rule whose packages no longer match anything cannot pass unnoticed.
 */
class LayeringRulesTest {

    private static final String WRONG_STAGE = StageThatRecordsItsOwnRun.class.getName();
    private static JavaClasses mainClassesAndTheWrongStage;

    @BeforeAll
    static void importClasses() {
        ImportOption wrongStage = location -> location.contains(WRONG_STAGE.replace('.', '/') + ".class");
        ImportOption mainClasses = new ImportOption.DoNotIncludeTests();
        mainClassesAndTheWrongStage = new ClassFileImporter()
                .withImportOption(location -> mainClasses.includes(location) || wrongStage.includes(location))
                .importPackages("io.videojobs.processing");
        assertTrue(mainClassesAndTheWrongStage.contain(WRONG_STAGE), "the wrong stage is imported");
    }

    @Test
    void aStageThatUsesTheRunRecorderBreaksTheEnginesBookkeepingRule() {
        assertReported(LayeringTest.onlyTheEngineUsesItsBookkeeping);
    }

    @Test
    void aStageThatUsesTheRunRecorderBreaksTheLayersOfProcessing() {
        assertReported(LayeringTest.processingLayers);
    }

    private static void assertReported(ArchRule rule) {
        AssertionError violation = assertThrows(AssertionError.class, () -> rule.check(mainClassesAndTheWrongStage));
        assertTrue(violation.getMessage().contains(WRONG_STAGE + ".run(")
                        && violation.getMessage().contains("RunRecorder.progress("),
                () -> "the violation names the wrong stage's call of RunRecorder.progress: " + violation.getMessage());
    }
}
