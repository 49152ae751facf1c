/* oomlab-hog's fork-server mode (see fork-server.c). */
#ifndef OOMLAB_FORK_SERVER_H
#define OOMLAB_FORK_SERVER_H

#define HOG_FLAG_FORK_SERVER "--fork-server"

/* Runs the server until stdin ends and every child is reaped; returns the exit code. */
int fork_server_main(int argc, char **argv);

/* One hog run with this argv (argv[0] the program): main's body, which a fork-server child runs
 * without an exec (hog-main.c). */
int hog_main(int argc, char **argv);

/* The id a fork-server child was started under, or -1 (not served). A served hog frames each write
 * on its progress descriptor as the server's "D <id> <n>\n" report, in one write of at most
 * PIPE_BUF bytes: every child writes into one pipe, which the server relays (fork-server.c). */
extern long hog_served_id;

#endif
