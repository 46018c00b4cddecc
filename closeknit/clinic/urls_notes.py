"""Pages for clinical notes; joined into closeknit.clinic.urls."""

from django.urls import path

from closeknit.clinic.views import notes

urlpatterns = [
    path("clinic/care/<int:episode_id>/notes/new/", notes.new, name="note_new"),
    path("clinic/notes/<int:note_id>/", notes.note, name="note"),
    path("clinic/notes/<int:note_id>/save/", notes.save, name="note_save"),
    path("clinic/notes/<int:note_id>/sign/", notes.sign, name="note_sign"),
    path("clinic/notes/<int:note_id>/amend/", notes.amend, name="note_amend"),
    path("clinic/notes/<int:note_id>/delete/", notes.delete, name="note_delete"),
    path("clinic/blocks/<int:block_id>/note/", notes.block_note, name="block_note"),
]
