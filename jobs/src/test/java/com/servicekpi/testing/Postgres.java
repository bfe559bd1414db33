package com.servicekpi.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the JDBC source tests: a new cluster in a temporary folder, on a
 * free port of 127.0.0.1, with password authentication, stopped and deleted by {@link #close}.
 * The server binaries are Debian's (package postgresql, which bin/setup installs where missing).
 * PostgreSQL refuses to run as root: as root, it runs as the user postgres that the package made.
 */
public final class Postgres implements AutoCloseable {
  public static final String USER = "kpi";
  /** Not a secret: the tests check that it appears in no output. */
  public static final String PASSWORD = "pg-pass-8142";

  private final Path dir;
  private final Path bin;
  private final List<String> asServer;
  public final int port;

  private Postgres(Path dir, Path bin, List<String> asServer, int port) {
    this.dir = dir;
    this.bin = bin;
    this.asServer = asServer;
    this.port = port;
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public static Postgres start() throws IOException, InterruptedException {
    Path bin = serverBin();
    Path dir = Files.createTempDirectory("service-kpi-pg");
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asServer = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
    // the server's user must reach its folder
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path pw = dir.resolve("pw");
    Files.writeString(pw, PASSWORD + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Postgres pg = new Postgres(dir, bin, asServer, port);
    pg.exec(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
        "--pwfile=" + pw, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C");
    pg.exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "-t", "60", "start");
    return pg;
  }

  /** Runs SQL statements (separated by ';' at a line's end) in a new database. */
  public void createDatabase(String name, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    try (Connection c = DriverManager.getConnection(url(name), USER, PASSWORD);
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      exec(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void exec(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(asServer);
    all.addAll(List.of(command));
    Process p = new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(dir.resolve("exec.log").toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      String log = Files.readString(dir.resolve("exec.log"));
      Path server = dir.resolve("log");
      throw new IOException(String.join(" ", all) + " failed:\n" + log
          + (Files.exists(server) ? "\nserver log:\n" + Files.readString(server) : ""));
    }
  }

  /** The newest installed server's bin folder (Debian: /usr/lib/postgresql/VERSION/bin). */
  private static Path serverBin() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Path best = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
            .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
            .orElse(null);
        if (best != null) {
          return best.resolve("bin");
        }
      }
    }
    throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql: run bin/setup (it installs"
        + " Debian's postgresql), as `mvn verify` does before the tests");
  }
}
