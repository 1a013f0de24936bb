#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
	char *heap = malloc(64);
	char *anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	strcpy(heap, "HEAP-");
	strcat(heap, "CANARY-5e1d0c");
	/* crosses the page boundary of the anonymous mapping */
	memcpy(anon + 4096 - 7, "ANON-CANARY-77aa01", 18);
	printf("heap %p anon %p\n", (void *)heap, (void *)(anon + 4096 - 7));
	fflush(stdout);
	pause();
	return 0;
}
