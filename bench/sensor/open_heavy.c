/* open_heavy PATH [N]: open(PATH, O_RDONLY) and close it N times (default 1,000,000) in a
 * tight loop; one openat(2) and one close(2) per iteration. Used by bench/sensor-overhead.
 * Prints one line: open_heavy ops=N seconds=S ns_per_op=X path=PATH */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s PATH [N]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    long n = argc == 3 ? strtol(argv[2], NULL, 10) : 1000000;
    if (n <= 0) {
        fprintf(stderr, "open_heavy: N must be positive\n");
        return 2;
    }
    /* One checked open first, so a wrong path fails loudly instead of timing ENOENT. */
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "open_heavy: %s: %s\n", path, strerror(errno));
        return 1;
    }
    close(fd);
    double start = now();
    for (long i = 0; i < n; i++) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "open_heavy: open #%ld: %s\n", i, strerror(errno));
            return 1;
        }
        close(fd);
    }
    double secs = now() - start;
    printf("open_heavy ops=%ld seconds=%.6f ns_per_op=%.1f path=%s\n", n, secs, secs * 1e9 / (double)n, path);
    return 0;
}
