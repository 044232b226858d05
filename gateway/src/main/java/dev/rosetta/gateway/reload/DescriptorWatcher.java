package dev.rosetta.gateway.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches descriptor set files and runs a reload when one changes. Watches their directories,
 * not the files: editors and {@code mv new.pb api.pb} replace a file, and a watch on the old
 * inode would never fire again (Kubernetes ConfigMaps swap a symlink the same way). Changes are
 * debounced: a reload runs once the directory has been quiet for {@link #QUIET_MILLIS}, so a
 * file being written in several steps is read once, whole. Runs on its own daemon thread.
 */
public final class DescriptorWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rosetta.gateway.reload");
  static final long QUIET_MILLIS = 300;

  private final WatchService watcher;
  private final Thread thread;

  private DescriptorWatcher(WatchService watcher, Map<WatchKey, Path> dirs, Set<Path> files, Runnable reload) {
    this.watcher = watcher;
    this.thread = new Thread(() -> loop(dirs, files, reload), "rosetta-descriptor-watch");
    thread.setDaemon(true);
  }

  /** Starts watching {@code files}; {@code reload} runs on the watcher's thread. */
  public static DescriptorWatcher start(List<Path> files, Runnable reload) throws IOException {
    WatchService watcher = FileSystems.getDefault().newWatchService();
    Map<WatchKey, Path> dirs = new HashMap<>();
    Set<Path> names = new HashSet<>();
    for (Path file : files) {
      Path absolute = file.toAbsolutePath().normalize();
      Path dir = absolute.getParent();
      dirs.put(dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE), dir);
      names.add(absolute);
    }
    DescriptorWatcher result = new DescriptorWatcher(watcher, dirs, names, reload);
    result.thread.start();
    return result;
  }

  private void loop(Map<WatchKey, Path> dirs, Set<Path> files, Runnable reload) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean relevant = drain(key, dirs, files);
        // Debounce: keep collecting until QUIET_MILLIS pass without another event.
        for (WatchKey next; (next = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
          relevant |= drain(next, dirs, files);
        }
        if (relevant) {
          try {
            reload.run();
          } catch (RuntimeException e) {
            LOG.warn("reload after a descriptor change failed", e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed: stop
    }
  }

  private static boolean drain(WatchKey key, Map<WatchKey, Path> dirs, Set<Path> files) {
    boolean relevant = false;
    Path dir = dirs.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        relevant = true;
      } else if (dir != null && event.context() instanceof Path name) {
        // Any change in the directory of a symlinked file counts (the ..data swap of a ConfigMap).
        relevant |= files.contains(dir.resolve(name)) || name.toString().startsWith("..");
      }
    }
    key.reset();
    return relevant;
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.debug("closing the descriptor watcher: {}", e.toString());
    }
    thread.interrupt();
  }
}
