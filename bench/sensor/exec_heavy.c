/* exec_heavy [N] [PROGRAM]: fork, execve PROGRAM (default /bin/true) with no arguments and wait
 * for it, N times (default 5,000), one after another. Used by bench/sensor-overhead.
 * Prints one line: exec_heavy ops=N seconds=S ns_per_op=X program=PROGRAM */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    long n = argc >= 2 ? strtol(argv[1], NULL, 10) : 5000;
    const char *prog = argc >= 3 ? argv[2] : "/bin/true";
    if (n <= 0 || argc > 3) {
        fprintf(stderr, "usage: %s [N] [PROGRAM]\n", argv[0]);
        return 2;
    }
    char *child_argv[] = {(char *)prog, NULL};
    char *child_envp[] = {"PATH=/usr/bin:/bin", NULL};
    double start = now();
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            fprintf(stderr, "exec_heavy: fork: %s\n", strerror(errno));
            return 1;
        }
        if (pid == 0) {
            execve(prog, child_argv, child_envp);
            _exit(127);
        }
        int status;
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) {
                fprintf(stderr, "exec_heavy: waitpid: %s\n", strerror(errno));
                return 1;
            }
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "exec_heavy: %s failed (status 0x%x) at #%ld\n", prog, status, i);
            return 1;
        }
    }
    double secs = now() - start;
    printf("exec_heavy ops=%ld seconds=%.6f ns_per_op=%.1f program=%s\n", n, secs, secs * 1e9 / (double)n, prog);
    return 0;
}
