"""The benchmark's reference view (mounted only with BENCHMARK_BASELINE=1).

`make bench` reports every page's throughput as a ratio to this view, served by the same gunicorn in the
same run: it fetches 20 rows by an index in one query and renders them in a 50-line template without the
site layout. A ratio of 0.5 means a page costs twice what this minimal Django view costs.
"""

from django.contrib.auth import get_user_model
from django.shortcuts import render


def baseline(request):
    rows = get_user_model().objects.filter(pk__gte=1).order_by("pk")[:20]  # primary-key index, one query
    return render(request, "bench/baseline.html", {"rows": rows})
