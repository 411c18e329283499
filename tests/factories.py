import factory

from opd.models import JenisOpd, Opd, Pengguna, Peran

PASSWORD = "kata-sandi-uji-123"


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    kode = factory.Sequence(lambda n: f"T-{n:04d}")
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    singkatan = factory.Sequence(lambda n: f"DU{n}")
    jenis = JenisOpd.DINAS
    urutan = factory.Sequence(lambda n: n)


class PenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pengguna
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    nama = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    peran = Peran.OPERATOR
    opd = factory.Maybe(
        factory.LazyAttribute(lambda o: o.peran == Peran.OPERATOR),
        yes_declaration=factory.SubFactory(OpdFactory),
        no_declaration=None,
    )

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
