package io.contactd.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contactd.http.ApiException;
import org.junit.jupiter.api.Test;

/** The boundaries of DESIGN.md and STYLE.md, checked on every build. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.contactd");

  @Test
  void routes_never_touch_sql() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Routes")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jdbi..", "java.sql..", "javax.sql..")
        .check(MAIN);
  }

  @Test
  void nothing_but_the_command_line_reads_the_system_clock() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.contactd.cli")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .check(MAIN);
  }

  @Test
  void shared_packages_do_not_depend_on_features() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.contactd.http..", "io.contactd.db..", "io.contactd.jobs..", "io.contactd.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.contactd.contacts..",
            "io.contactd.lists..",
            "io.contactd.fields..",
            "io.contactd.exports..",
            "io.contactd.imports..",
            "io.contactd.keys..",
            "io.contactd.subusers..")
        .check(MAIN);
  }

  @Test
  void packages_have_no_cycles() {
    slices().matching("io.contactd.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /**
   * HTTP errors are for the HTTP side: routes, the services and request parsers they call, and the
   * http package. Jobs, stores and shared packages fail with their own exceptions.
   */
  @Test
  void only_routes_services_and_requests_speak_http_errors() {
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Routes")
        .and()
        .haveSimpleNameNotEndingWith("Service")
        .and()
        .haveSimpleNameNotEndingWith("Request")
        .and()
        .resideOutsideOfPackage("io.contactd.http..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ApiException.class)
        .check(MAIN);
  }

  @Test
  void jobs_never_throw_http_errors() {
    noClasses()
        .that()
        .haveSimpleNameContaining("Job")
        .or()
        .resideInAPackage("io.contactd.jobs..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(ApiException.class)
        .check(MAIN);
  }

  @Test
  void nothing_outside_db_asks_which_database_it_is() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.contactd.db..")
        .should()
        .dependOnClassesThat()
        .haveNameMatching("io\\.contactd\\.db\\.(Sqlite|Postgres).*")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("org.sqlite..", "org.postgresql..")
        .orShould()
        .callMethodWhere(
            describe(
                "is named like a question about the database",
                call ->
                    call.getTarget().getOwner().getPackageName().startsWith("io.contactd.db")
                        && call.getName().matches("(?i)is(sqlite|postgres).*")))
        .because("db owns every database difference; features ask the Dialect for SQL pieces")
        .check(MAIN);
  }

  /**
   * export, backup and restore are clients of the public API of any server (SendGrid too): they
   * reach contactd only over HTTP, never through its classes.
   */
  @Test
  void the_api_client_and_backups_use_no_server_code() {
    noClasses()
        .that()
        .resideInAnyPackage("io.contactd.client..", "io.contactd.backup..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.contactd.contacts..",
            "io.contactd.lists..",
            "io.contactd.fields..",
            "io.contactd.exports..",
            "io.contactd.imports..",
            "io.contactd.segments..",
            "io.contactd.files..",
            "io.contactd.http..",
            "io.contactd.db..",
            "io.contactd.jobs..",
            "io.contactd.auth..",
            "org.jdbi..",
            "io.javalin..")
        .check(MAIN);
  }
}
