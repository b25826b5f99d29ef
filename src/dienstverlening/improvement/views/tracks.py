from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from ..models import Track


@login_required
def track_detail(request, pk: int):
    track = get_object_or_404(Track.objects.select_related("team"), pk=pk)
    return render(request, "improvement/track_detail.html", {"track": track})
