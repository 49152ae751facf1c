/* oomlab-hog's fork-server mode (see fork-server.c). */
#ifndef OOMLAB_FORK_SERVER_H
#define OOMLAB_FORK_SERVER_H

#define HOG_FLAG_FORK_SERVER "--fork-server"

/* Runs the server until stdin ends and every child is reaped; returns the exit code. */
int fork_server_main(int argc, char **argv);

/* One hog run with this argv (argv[0] the program): main's body, which a fork-server child runs
 * without an exec (hog-main.c). */
int hog_main(int argc, char **argv);

#endif
